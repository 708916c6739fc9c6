use super::*;
use proptest::prelude::*;

#[test]
fn round_trip_and_layout() {
    let k = Keyring::for_tests();
    let s = k.seal_str(Field::IdNumber, "150602199001011238");
    assert_eq!(s[0], 1);
    assert_eq!(s.len(), MIN_SEALED_LEN + 18);
    assert_eq!(
        k.open_str(Field::IdNumber, &s).unwrap(),
        "150602199001011238"
    );
}

#[test]
fn nonces_are_fresh() {
    let k = Keyring::for_tests();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..10_000 {
        let s = k.seal(Field::Phone, b"13800000000");
        assert!(seen.insert(s[1..1 + NONCE_LEN].to_vec()), "nonce reused");
    }
}

#[test]
fn field_is_bound() {
    let k = Keyring::for_tests();
    let s = k.seal(Field::Phone, b"13800000000");
    assert_eq!(k.open(Field::IdNumber, &s), Err(SealError::Tampered));
}

#[test]
fn wrong_key_and_unknown_version_are_refused() {
    let k = Keyring::for_tests();
    let other = Keyring::generate();
    let s = k.seal(Field::IdNumber, b"x");
    assert_eq!(other.open(Field::IdNumber, &s), Err(SealError::Tampered));
    let mut v9 = s.clone();
    v9[0] = 9;
    assert_eq!(
        k.open(Field::IdNumber, &v9),
        Err(SealError::UnknownVersion(9))
    );
    assert_eq!(k.open(Field::IdNumber, &s[..10]), Err(SealError::Malformed));
}

#[test]
fn rotation_keeps_old_versions_readable_and_retire_drops_them() {
    let k1 = Keyring::for_tests();
    let old = k1.seal(Field::IdNumber, b"A");
    let k2 = k1.rotated().unwrap();
    assert_eq!(k2.active_version(), 2);
    assert!(!k2.is_current(&old));
    assert_eq!(k2.open(Field::IdNumber, &old).unwrap(), b"A");
    let new = k2.seal(Field::IdNumber, b"A");
    assert!(k2.is_current(&new));
    let k3 = k2.retired();
    assert_eq!(k3.versions(), vec![2]);
    assert_eq!(
        k3.open(Field::IdNumber, &old),
        Err(SealError::UnknownVersion(1))
    );
    assert_eq!(k3.open(Field::IdNumber, &new).unwrap(), b"A");
    // the index key survives rotation: lookups keep working
    assert_eq!(
        k3.blind_index("resident_id", "x"),
        k1.blind_index("resident_id", "x")
    );
}

#[test]
fn blind_index_normalises_and_is_type_qualified() {
    let k = Keyring::for_tests();
    let a = k.blind_index("resident_id", "15060219900101123x");
    assert_eq!(a, k.blind_index("resident_id", " 15060219900101123X "));
    assert_ne!(a, k.blind_index("passport", "15060219900101123X"));
    assert_ne!(
        a,
        Keyring::generate().blind_index("resident_id", "15060219900101123X")
    );
    assert_eq!(a.len(), 32);
}

#[test]
fn text_form_round_trips_and_errors_name_no_key() {
    let k = Keyring::generate().rotated().unwrap();
    let back = Keyring::parse(&k.to_text()).unwrap();
    assert_eq!(back.to_text(), k.to_text());
    let env = k.to_text().replace('\n', ";");
    assert_eq!(Keyring::parse(&env).unwrap().to_text(), k.to_text());
    assert!(Keyring::parse("active = 1").is_err());
    assert!(Keyring::parse("data.1 = AAAA; index = AAAA").is_err());
    let e = Keyring::parse("index = c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=; active = 3")
        .unwrap_err()
        .to_string();
    assert!(!e.contains("c2Vj"), "{e}");
    assert!(format!("{k:?}").contains("versions"));
    assert!(!format!("{k:?}").contains(&B64.encode(k.index_raw)));
}

/// `cargo test -p jiekang-store --release -- --ignored --nocapture seal_throughput`:
/// what `bulk_insert_persons` spends on sealing and indexing per million persons.
#[test]
#[ignore]
fn seal_throughput() {
    let k = Keyring::for_tests();
    let n = 200_000;
    let start = std::time::Instant::now();
    for i in 0..n {
        let id = format!("1506021990{i:08}");
        std::hint::black_box(k.seal_str(Field::IdNumber, &id));
        std::hint::black_box(k.blind_index("resident_id", &id));
    }
    let per_million = start.elapsed().as_secs_f64() * 1_000_000.0 / f64::from(n);
    println!("seal + blind index: {per_million:.1} s per million persons");
}

proptest! {
    #[test]
    fn any_value_round_trips(v in proptest::collection::vec(any::<u8>(), 0..200)) {
        let k = Keyring::for_tests();
        let s = k.seal(Field::IdNumber, &v);
        prop_assert_eq!(k.open(Field::IdNumber, &s).unwrap(), v);
    }

    #[test]
    fn any_flipped_bit_is_detected(v in proptest::collection::vec(any::<u8>(), 0..64), pos in any::<usize>(), bit in 0u8..8) {
        let k = Keyring::for_tests();
        let mut s = k.seal(Field::IdNumber, &v);
        let i = pos % s.len();
        s[i] ^= 1 << bit;
        prop_assert!(k.open(Field::IdNumber, &s).is_err());
    }

    #[test]
    fn parse_never_panics(text in ".{0,200}") {
        let _ = Keyring::parse(&text);
    }
}
