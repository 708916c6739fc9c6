//! FAC-1 — the work station or office (工作站/办公室) of each township and community: at
//! least 20 m², used for talks, testing and training. The offices themselves are
//! recorded by the district and city offices (and a township for its own units); these
//! are the rules they are checked against.

use serde::{Deserialize, Serialize};

use crate::org::UnitLevel;

/// FAC-1 — the smallest office area, in m².
pub const FAC1_MIN_AREA_M2: i64 = 20;
/// Areas are kept in tenths of a square metre (one decimal place, no floats).
pub const AREA_TENTHS_PER_M2: i64 = 10;
/// The largest area accepted (10,000 m²): anything above is a typing error.
pub const FAC1_MAX_AREA_TENTHS: i64 = 100_000;
/// The largest office photo accepted (5 MB).
pub const FAC1_MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Photos kept per office.
pub const FAC1_MAX_PHOTOS: i64 = 20;

/// FAC-1 — whether a unit at `level` must have an office: each township and community.
pub fn fac1_office_required(level: UnitLevel) -> bool {
    matches!(level, UnitLevel::Township | UnitLevel::Community)
}

/// FAC-1 — whether an area (tenths of m²) is at least 20 m².
pub fn fac1_area_sufficient(area_tenths: i64) -> bool {
    area_tenths >= FAC1_MIN_AREA_M2 * AREA_TENTHS_PER_M2
}

/// An area typed as square metres with at most one decimal ("25", "25.5", "20.0"),
/// as tenths; `None` for anything else, for zero and for more than 10,000 m².
pub fn fac1_parse_area(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches(['㎡']).trim_end_matches("m²");
    let t = t.trim();
    let (whole, tenth) = match t.split_once('.') {
        Some((w, f)) if f.len() == 1 => (w, f),
        Some((w, "")) => (w, "0"),
        Some(_) => return None,
        None => (t, "0"),
    };
    if whole.is_empty()
        || whole.len() > 6
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !tenth.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let tenths = whole.parse::<i64>().ok()? * AREA_TENTHS_PER_M2 + tenth.parse::<i64>().ok()?;
    (tenths > 0 && tenths <= FAC1_MAX_AREA_TENTHS).then_some(tenths)
}

/// An area in tenths as shown ("25.5", "20").
pub fn fac1_area_text(area_tenths: i64) -> String {
    let (w, f) = (
        area_tenths / AREA_TENTHS_PER_M2,
        area_tenths % AREA_TENTHS_PER_M2,
    );
    if f == 0 {
        w.to_string()
    } else {
        format!("{w}.{f}")
    }
}

/// FAC-1 — the rooms an office is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Room {
    /// 谈话室
    Talk,
    /// 检测室
    Testing,
    /// 培训室
    Training,
}

impl Room {
    pub const ALL: [Room; 3] = [Room::Talk, Room::Testing, Room::Training];

    pub fn code(self) -> &'static str {
        match self {
            Room::Talk => "talk",
            Room::Testing => "testing",
            Room::Training => "training",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Room::Talk => "谈话室",
            Room::Testing => "检测室",
            Room::Training => "培训室",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Room::Talk => "talk room",
            Room::Testing => "testing room",
            Room::Training => "training room",
        }
    }

    /// The rooms as stored: their codes in a fixed order, comma-separated.
    pub fn join(rooms: &[Room]) -> String {
        let mut rooms = rooms.to_vec();
        rooms.sort();
        rooms.dedup();
        rooms.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
    }

    /// The stored rooms back (unknown codes are skipped).
    pub fn split(stored: &str) -> Vec<Room> {
        stored.split(',').filter_map(Room::parse).collect()
    }
}

/// What an office lacks under FAC-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fac1Gap {
    /// No office recorded for a township or community.
    NoOffice,
    /// Under 20 m².
    TooSmall,
    /// Not used for one of talks, testing, training.
    MissingRoom(Room),
}

/// FAC-1 — the gaps of a unit at `level` with the office it has (area in tenths and
/// rooms), if any. Empty when the unit needs no office or its office satisfies FAC-1.
pub fn fac1_gaps(level: UnitLevel, office: Option<(i64, &[Room])>) -> Vec<Fac1Gap> {
    if !fac1_office_required(level) {
        return Vec::new();
    }
    let Some((area, rooms)) = office else {
        return vec![Fac1Gap::NoOffice];
    };
    let mut gaps = Vec::new();
    if !fac1_area_sufficient(area) {
        gaps.push(Fac1Gap::TooSmall);
    }
    gaps.extend(
        Room::ALL
            .into_iter()
            .filter(|r| !rooms.contains(r))
            .map(Fac1Gap::MissingRoom),
    );
    gaps
}

/// An office photo's type, by its first bytes (never by its name or declared type):
/// JPEG or PNG only.
pub fn fac1_photo_type(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// Why a photo is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    Empty,
    TooLarge,
    NotAnImage,
}

/// FAC-1 — a photo is kept when it is a JPEG or PNG of at most 5 MB; its type.
pub fn fac1_check_photo(data: &[u8]) -> Result<&'static str, PhotoError> {
    if data.is_empty() {
        return Err(PhotoError::Empty);
    }
    if data.len() > FAC1_MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge);
    }
    fac1_photo_type(data).ok_or(PhotoError::NotAnImage)
}

#[cfg(test)]
mod tests;
