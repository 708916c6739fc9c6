//! The enums stored and shown by their fixed codes: `Display` writes the code (as in
//! URLs, CSS classes, JSON and the database), and a value equals its code as a string,
//! so that a typed field reads like the text it is stored as (`state == "executing"`).

use std::fmt;

use crate::breach::BreachLevel;
use crate::case::{CaseState, PlaceBasis};
use crate::compliance::TestOutcome;
use crate::id_number::Sex;
use crate::measure::Measure;
use crate::records::{Sample, TestKind};

macro_rules! by_code {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }

        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                self.code() == other
            }
        }
    )*};
}

by_code!(
    CaseState,
    Measure,
    PlaceBasis,
    Sex,
    BreachLevel,
    TestKind,
    Sample,
    TestOutcome
);
