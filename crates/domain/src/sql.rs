//! The enums that the store keeps in TEXT columns, as sqlx column types: each one is
//! written as its fixed `code()` and read back through `parse`, on any database whose
//! text type is `String` (SQLite and PostgreSQL alike). A code the enum does not know
//! is a decoding error, not a silent default. Compiled only with the `sqlx` feature,
//! which only the store enables; the rules themselves never see a database.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::breach::BreachLevel;
use crate::case::{CaseState, PlaceBasis};
use crate::compliance::TestOutcome;
use crate::id_number::Sex;
use crate::measure::Measure;
use crate::records::{Sample, TestKind};
use crate::risk::RiskLevel;

macro_rules! text_code {
    ($ty:ty, $what:literal, $parse:expr) => {
        impl<DB: Database> Type<DB> for $ty
        where
            String: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: Database> Encode<'q, DB> for $ty
        where
            &'q str: Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as Database>::ArgumentBuffer<'q>,
            ) -> Result<IsNull, BoxDynError> {
                <&'q str as Encode<'q, DB>>::encode(self.code(), buf)
            }
        }

        impl<'r, DB: Database> Decode<'r, DB> for $ty
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                let code = <&'r str as Decode<'r, DB>>::decode(value)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(code)
                    .ok_or_else(|| format!("unexpected {} in database: {code:?}", $what).into())
            }
        }
    };
}

text_code!(CaseState, "case state", CaseState::parse);
text_code!(Measure, "measure", Measure::parse);
text_code!(PlaceBasis, "place basis", PlaceBasis::parse);
text_code!(Sex, "sex", Sex::parse);
text_code!(BreachLevel, "breach level", BreachLevel::parse);
text_code!(TestKind, "test kind", TestKind::parse);
text_code!(Sample, "sample", Sample::parse);
text_code!(TestOutcome, "test outcome", TestOutcome::parse);
text_code!(RiskLevel, "risk level", RiskLevel::parse);
text_code!(
    crate::staff::StaffPost,
    "staff post",
    crate::staff::StaffPost::parse
);
text_code!(
    crate::staff::EmploymentMode,
    "employment mode",
    crate::staff::EmploymentMode::parse
);
text_code!(
    crate::staff::FundKind,
    "fund kind",
    crate::staff::FundKind::parse
);
text_code!(
    crate::staff::FundCategory,
    "fund category",
    crate::staff::FundCategory::parse
);
text_code!(
    crate::placement::PlacementFacility,
    "placement facility",
    crate::placement::PlacementFacility::parse
);
