//! Synthetic persons with invented names and GB 11643-valid invented ID numbers:
//! address codes of the Ordos districts (1506xx), and for persons born before 1985
//! often the old 伊克昭盟 codes (1527xx) under which their numbers were first issued.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use jiekang_domain::id_number::{Sex, check_character};
use jiekang_store::model::{BulkPerson, Unit};
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::names::{GIVEN, SURNAMES};

/// The 伊克昭盟 code a district's numbers carried before 2001.
fn old_code(district: &str) -> &'static str {
    match district {
        "150602" | "150603" => "152701",
        "150621" => "152722",
        "150622" => "152723",
        "150623" => "152724",
        "150624" => "152725",
        "150625" => "152726",
        "150626" => "152727",
        _ => "152728",
    }
}

pub struct Generator<'a> {
    rng: ChaCha8Rng,
    communities: &'a [Unit],
    issued: HashSet<String>,
}

impl<'a> Generator<'a> {
    pub fn new(seed: u64, communities: &'a [Unit]) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x005e_ed1d),
            communities,
            issued: HashSet::new(),
        }
    }

    pub fn batch(&mut self, n: usize) -> Vec<BulkPerson> {
        (0..n).filter_map(|_| self.person()).collect()
    }

    fn person(&mut self) -> Option<BulkPerson> {
        let unit = &self.communities[self.rng.random_range(0..self.communities.len().max(1))];
        let district = unit.code.get(..6)?;
        let birth = NaiveDate::from_ymd_opt(1960, 1, 1)?
            + chrono::Days::new(self.rng.random_range(0..16_000));
        let address = if birth.year() < 1985 && self.rng.random_bool(0.4) {
            old_code(district)
        } else {
            district
        };
        let id_number = loop {
            let seq: u32 = self.rng.random_range(0..1000);
            let first17 = format!("{address}{}{seq:03}", birth.format("%Y%m%d"));
            let number = format!("{first17}{}", check_character(&first17)?);
            if self.issued.insert(number.clone()) {
                break number;
            }
        };
        let male = id_number
            .as_bytes()
            .get(16)
            .is_some_and(|d| (d - b'0') % 2 == 1);
        let mut name = SURNAMES[self.rng.random_range(0..SURNAMES.len())].to_owned();
        for _ in 0..self.rng.random_range(1..=2) {
            name.push_str(GIVEN[self.rng.random_range(0..GIVEN.len())]);
        }
        Some(BulkPerson {
            unit_id: unit.id,
            name,
            id_type: "resident_id".to_owned(),
            id_number,
            sex: Some(if male { Sex::Male } else { Sex::Female }),
            birth_date: Some(birth),
        })
    }
}
