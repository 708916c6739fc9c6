use super::*;
use chrono::Datelike;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2025, 6, 1)
}

fn parse(s: &str) -> Result<IdNumber, IdNumberError> {
    IdNumber::parse(s, today())
}

fn code(s: &str) -> &'static str {
    parse(s).unwrap_err().code()
}

#[test]
fn journey_numbers_pass() {
    let cases = [
        ("150602199001011238", Sex::Male, d(1990, 1, 1), "150602"),
        ("150621198511204560", Sex::Female, d(1985, 11, 20), "150621"),
        ("152701197807050318", Sex::Male, d(1978, 7, 5), "152701"), // 伊克昭盟 东胜
        ("150622199503150823", Sex::Female, d(1995, 3, 15), "150622"),
    ];
    for (number, sex, birth, address) in cases {
        let id = parse(number).unwrap();
        assert_eq!(id.as_str(), number);
        assert_eq!(id.sex(), sex, "{number}");
        assert_eq!(id.birth_date(), birth);
        assert_eq!(id.address_code(), address);
    }
    assert_eq!(
        parse("150602199001011238").unwrap().masked(),
        "150602********1238"
    );
    assert_eq!(
        parse("150602199001011238").unwrap().age_on(d(2024, 9, 27)),
        34
    );
}

#[test]
fn trims_and_normalises_lowercase_x() {
    // 11010519491231002X is the standard's own example.
    let id = parse("  11010519491231002x\t").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.sex(), Sex::Female);
    assert_eq!(check_character("11010519491231002"), Some('X'));
    assert_eq!(check_character("1101051949123100"), None);
}

#[test]
fn upgrades_15_digit_numbers() {
    let id = parse("150602900101123").unwrap();
    assert_eq!(id.as_str(), "150602199001011238");
    let id = parse("152701780705031").unwrap();
    assert_eq!(id.as_str(), "152701197807050318");
    assert_eq!(id.sex(), Sex::Male);
    assert_eq!(code("152701780230031"), "bad_birth_date");
    assert_eq!(code("15270178070503X"), "non_digit");
}

#[test]
fn rejects_wrong_length() {
    assert_eq!(
        parse("").unwrap_err(),
        IdNumberError::WrongLength { len: 0 }
    );
    assert_eq!(code("15060219900101123"), "wrong_length");
    assert_eq!(code("1506021990010112381"), "wrong_length");
}

#[test]
fn rejects_non_digits_naming_the_position() {
    let e = parse("1506021990-0101-1238").unwrap_err();
    assert_eq!(
        e,
        IdNumberError::NonDigit {
            position: 11,
            found: '-'
        }
    );
    assert_eq!(e.to_string(), "身份证号码第11位“-”不是数字");
    assert_eq!(e.message_en(), "character 11 ('-') is not a digit");
    assert_eq!(code("15060219900101X238"), "non_digit");
    assert_eq!(code("１５０６０２１９９００１０１１２３８"), "non_digit"); // full-width
}

#[test]
fn address_codes_accept_any_province_prefix_including_retired_codes() {
    // 150603 康巴什, 152701 东胜 (伊克昭盟), 810000 Hong Kong residence permit.
    for first17 in [
        "15060319900101123",
        "15270119900101123",
        "81000019900101123",
    ] {
        let number = format!("{first17}{}", check_character(first17).unwrap());
        assert!(parse(&number).is_ok(), "{number}");
    }
    let first17 = "99060219900101123";
    let number = format!("{first17}{}", check_character(first17).unwrap());
    assert_eq!(
        parse(&number).unwrap_err(),
        IdNumberError::BadAddressCode {
            code: "990602".into()
        }
    );
    assert_eq!(code("000000199001011234"), "bad_address_code");
}

#[test]
fn rejects_impossible_early_and_future_birth_dates() {
    let with_check = |first17: &str| format!("{first17}{}", check_character(first17).unwrap());
    assert_eq!(code(&with_check("15060219900230123")), "bad_birth_date");
    assert_eq!(code(&with_check("15060219901301123")), "bad_birth_date");
    assert_eq!(
        code(&with_check("15060218991231123")),
        "birth_date_too_early"
    );
    let future = with_check("15060220250602123");
    assert_eq!(
        parse(&future).unwrap_err(),
        IdNumberError::BirthDateInFuture {
            date: d(2025, 6, 2)
        }
    );
    // Born today is fine.
    assert!(parse(&with_check("15060220250601123")).is_ok());
}

#[test]
fn rejects_a_wrong_check_character_saying_what_it_should_be() {
    let e = parse("150602199001011239").unwrap_err();
    assert_eq!(
        e,
        IdNumberError::BadChecksum {
            expected: '8',
            found: '9'
        }
    );
    assert_eq!(e.code(), "bad_checksum");
    assert_eq!(e.to_string(), "校验码错误:最后一位应为8,实为9");
    assert!(e.message_en().contains("should be 8"));
}

#[test]
fn every_error_has_a_distinct_code_and_both_messages() {
    let errors = [
        IdNumberError::WrongLength { len: 3 },
        IdNumberError::NonDigit {
            position: 1,
            found: 'a',
        },
        IdNumberError::BadAddressCode {
            code: "990000".into(),
        },
        IdNumberError::BadBirthDate {
            text: "19900230".into(),
        },
        IdNumberError::BirthDateInFuture {
            date: d(2030, 1, 1),
        },
        IdNumberError::BirthDateTooEarly {
            date: d(1899, 1, 1),
        },
        IdNumberError::BadChecksum {
            expected: 'X',
            found: '1',
        },
    ];
    let mut codes: Vec<&str> = errors.iter().map(IdNumberError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), errors.len());
    for e in &errors {
        assert!(!e.to_string().is_ascii(), "Chinese message: {e}");
        assert!(
            e.message_en().is_ascii(),
            "English message: {}",
            e.message_en()
        );
    }
}

#[test]
fn debug_is_masked() {
    let id = parse("150602199001011238").unwrap();
    assert_eq!(format!("{id:?}"), "IdNumber(150602********1238)");
    assert!(!format!("{:?}", Some(&id)).contains("19900101"));
}

#[test]
fn id_types_round_trip_their_codes() {
    for t in IdType::ALL {
        assert_eq!(IdType::parse(t.code()), Some(t));
    }
    assert_eq!(
        IdType::parse("hk_macao_permit"),
        Some(IdType::HkMacaoPermit)
    );
    assert_eq!(
        IdType::ForeignerPermanent.label_zh(),
        "外国人永久居留身份证"
    );
    assert_eq!(IdType::parse("Passport"), None);
}

#[test]
fn person_identifiers() {
    let resident = PersonIdentifier::parse(IdType::ResidentId, "150602900101123", today()).unwrap();
    assert_eq!(resident.number(), "150602199001011238");
    assert_eq!(resident.id_type(), IdType::ResidentId);
    assert!(resident.id_number().is_some());
    let e = PersonIdentifier::parse(IdType::ResidentId, "150602199001011239", today()).unwrap_err();
    assert_eq!(e.code(), "bad_checksum");

    let passport = PersonIdentifier::parse(IdType::Passport, " e12345678 ", today()).unwrap();
    assert_eq!(
        (passport.id_type(), passport.number()),
        (IdType::Passport, "E12345678")
    );
    assert_eq!(passport.masked(), "E1*****78");
    assert_eq!(
        format!("{passport:?}"),
        "PersonIdentifier(passport, E1*****78)"
    );
    assert!(passport.id_number().is_none());

    let short = PersonIdentifier::parse(IdType::TaiwanPermit, "1234", today()).unwrap_err();
    assert_eq!(short, PersonIdentifierError::DocumentLength { len: 4 });
    let long = "A".repeat(21);
    assert_eq!(
        PersonIdentifier::parse(IdType::HkMacaoPermit, &long, today())
            .unwrap_err()
            .code(),
        "document_length"
    );
    let bad =
        PersonIdentifier::parse(IdType::ForeignerPermanent, "USA-12345", today()).unwrap_err();
    assert_eq!(
        bad,
        PersonIdentifierError::DocumentCharacter {
            position: 4,
            found: '-'
        }
    );
    assert!(bad.message_en().contains("not a letter or digit"));
    assert_eq!(
        PersonIdentifier::parse(IdType::Passport, "护照12345", today())
            .unwrap_err()
            .code(),
        "document_character"
    );
    // A 5-character number masks all but the ends.
    assert_eq!(
        PersonIdentifier::parse(IdType::Passport, "ab123", today())
            .unwrap()
            .masked(),
        "AB*23"
    );
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A valid number: a province prefix, any 4 digits, a birth date 1900..=today, any
    /// sequence, and its check character.
    fn valid_number() -> impl Strategy<Value = (String, NaiveDate, u32)> {
        let days = (today() - EARLIEST_BIRTH).num_days() as u64;
        (
            proptest::sample::select(PROVINCES.to_vec()),
            0u32..10_000,
            0u64..=days,
            0u32..1000,
        )
            .prop_map(|(province, rest, offset, seq)| {
                let birth = EARLIEST_BIRTH + chrono::Days::new(offset);
                let first17 = format!("{province:02}{rest:04}{}{seq:03}", birth.format("%Y%m%d"));
                let number = format!("{first17}{}", check_character(&first17).unwrap());
                (number, birth, seq)
            })
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip((number, birth, seq) in valid_number()) {
            let id = parse(&number).unwrap();
            prop_assert_eq!(id.as_str(), number.as_str());
            prop_assert_eq!(id.birth_date(), birth);
            prop_assert_eq!(id.sex(), if seq % 2 == 1 { Sex::Male } else { Sex::Female });
            prop_assert_eq!(parse(&number.to_lowercase()).unwrap(), id.clone());
            // The 15-digit form of a 19xx number upgrades to the same number.
            if birth.year() < 2000 {
                let old = format!("{}{}", &number[..6], &number[8..17]);
                prop_assert_eq!(parse(&old).unwrap(), id);
            }
        }

        #[test]
        fn any_single_character_change_is_rejected(
            (number, _, _) in valid_number(), position in 0usize..18, replacement in 0u8..11,
        ) {
            let new = char::from(b"0123456789X"[replacement as usize]);
            let mut chars: Vec<char> = number.chars().collect();
            prop_assume!(chars[position] != new && (position == 17 || new != 'X'));
            chars[position] = new;
            let changed: String = chars.into_iter().collect();
            prop_assert!(parse(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn parse_never_panics(input in any::<String>()) {
            let _ = parse(&input);
            let _ = PersonIdentifier::parse(IdType::Passport, &input, today());
        }

        #[test]
        fn parse_never_panics_on_near_misses(input in "[0-9Xx ]{0,20}") {
            if let Ok(id) = parse(&input) {
                prop_assert_eq!(id.as_str().len(), 18);
            }
        }
    }
}
