use super::*;
use proptest::prelude::*;

#[test]
fn fac1_an_office_needs_twenty_square_metres() {
    assert!(fac1_area_sufficient(200));
    assert!(!fac1_area_sufficient(199));
    assert!(fac1_area_sufficient(255));
    assert!(!fac1_area_sufficient(0));
}

#[test]
fn fac1_only_townships_and_communities_need_an_office() {
    assert!(fac1_office_required(UnitLevel::Township));
    assert!(fac1_office_required(UnitLevel::Community));
    assert!(!fac1_office_required(UnitLevel::District));
    assert!(!fac1_office_required(UnitLevel::City));
    assert_eq!(fac1_gaps(UnitLevel::District, None), vec![]);
    assert_eq!(
        fac1_gaps(UnitLevel::Community, None),
        vec![Fac1Gap::NoOffice]
    );
}

#[test]
fn fac1_gaps_name_the_area_and_the_missing_rooms() {
    assert_eq!(
        fac1_gaps(
            UnitLevel::Township,
            Some((180, &[Room::Talk, Room::Testing]))
        ),
        vec![Fac1Gap::TooSmall, Fac1Gap::MissingRoom(Room::Training)]
    );
    assert_eq!(
        fac1_gaps(UnitLevel::Community, Some((200, &Room::ALL))),
        vec![]
    );
}

#[test]
fn fac1_areas_are_parsed_in_tenths_without_floats() {
    assert_eq!(fac1_parse_area("20"), Some(200));
    assert_eq!(fac1_parse_area(" 25.5 "), Some(255));
    assert_eq!(fac1_parse_area("19.9㎡"), Some(199));
    assert_eq!(fac1_parse_area("30m²"), Some(300));
    assert_eq!(fac1_parse_area("30."), Some(300));
    for bad in [
        "", "0", "0.0", "-5", "1.25", "abc", "1e3", ".5", "1.2.3", "10000.1",
    ] {
        assert_eq!(fac1_parse_area(bad), None, "{bad}");
    }
    assert_eq!(fac1_area_text(255), "25.5");
    assert_eq!(fac1_area_text(200), "20");
}

#[test]
fn fac1_rooms_are_stored_in_a_fixed_order() {
    assert_eq!(
        Room::join(&[Room::Training, Room::Talk, Room::Talk]),
        "talk,training"
    );
    assert_eq!(
        Room::split("talk,training,sauna"),
        vec![Room::Talk, Room::Training]
    );
    assert_eq!(Room::split(""), vec![]);
}

#[test]
fn fac1_photos_are_jpeg_or_png_by_content() {
    assert_eq!(
        fac1_check_photo(&[0xFF, 0xD8, 0xFF, 0xE0]),
        Ok("image/jpeg")
    );
    assert_eq!(
        fac1_check_photo(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
        Ok("image/png")
    );
    assert_eq!(fac1_check_photo(b"%PDF-1.7"), Err(PhotoError::NotAnImage));
    assert_eq!(fac1_check_photo(b""), Err(PhotoError::Empty));
    let mut big = vec![0xFF, 0xD8, 0xFF];
    big.resize(FAC1_MAX_PHOTO_BYTES + 1, 0);
    assert_eq!(fac1_check_photo(&big), Err(PhotoError::TooLarge));
}

proptest! {
    #[test]
    fn fac1_any_area_survives_display_and_parse(tenths in 1i64..=FAC1_MAX_AREA_TENTHS) {
        prop_assert_eq!(fac1_parse_area(&fac1_area_text(tenths)), Some(tenths));
    }

    #[test]
    fn fac1_sufficient_exactly_from_twenty(tenths in 0i64..FAC1_MAX_AREA_TENTHS) {
        prop_assert_eq!(fac1_area_sufficient(tenths), tenths >= 200);
        let gaps = fac1_gaps(UnitLevel::Community, Some((tenths, &Room::ALL)));
        prop_assert_eq!(gaps.is_empty(), tenths >= 200);
    }

    #[test]
    fn fac1_rooms_survive_storage(mask in 0u8..8) {
        let rooms: Vec<Room> = Room::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, r)| r)
            .collect();
        prop_assert_eq!(Room::split(&Room::join(&rooms)), rooms);
    }
}
