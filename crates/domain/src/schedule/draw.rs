//! D4 "定期不定时", TEST-1 — each window's planned date, drawn at random among its
//! working days (D2) from a per-case secret seed.
//!
//! Stability: the draw uses ChaCha8 seeded with `seed_from_u64(seed)` (deterministic and
//! platform-independent in rand_core/rand_chacha) and only raw `next_u64` words, never
//! rand's distribution code (whose output may change between rand versions), so one
//! (seed, window index, calendar) gives one date on every platform and every run. A
//! golden-value test catches any change a dependency upgrade would bring.
//!
//! Secrecy: ChaCha is a cryptographic generator, so the dates staff see (and the person
//! may observe) do not reveal the others; what remains is guessing the 64-bit seed.
//!
//! Layout: window `index` owns word `index - 1` of stream 0 (a whole case reads one
//! ChaCha buffer straight through, which keeps a million schedules within budget) and
//! all of stream `index` for the rare fallback. Its date depends on no other window.
//!
//! The draw is exactly uniform among the window's working days: the word gives four
//! 16-bit picks, each mapped to a day of the window by Lemire's multiply-shift with
//! rejection (so every accepted pick is exactly uniform), and the first pick landing on
//! a working day wins (rejection sampling). If all four fail (about 1% of windows, a
//! few % around Spring Festival), the working days are counted and one is chosen with
//! the window's own stream.

use chrono::{Datelike, NaiveDate};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{PlannedWindow, TestWindow};
use crate::calendar::WorkCalendar;
use crate::term::dates::{add_days, days_between};

/// Draws planned dates for the windows of one case.
pub(crate) struct Drawer {
    seed: u64,
    rng: ChaCha8Rng,
    /// The window index whose word the stream is positioned at.
    next_index: u32,
}

impl Drawer {
    pub(crate) fn new(seed: u64) -> Self {
        Drawer {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            next_index: 1,
        }
    }

    /// The word owned by window `index` (1-based; 0 is read as 1).
    fn word(&mut self, index: u32) -> u64 {
        let index = index.max(1);
        if index != self.next_index {
            // The stream position counts 32-bit words.
            self.rng.set_word_pos(u128::from(index - 1) * 2);
        }
        self.next_index = index.saturating_add(1);
        self.rng.next_u64()
    }

    /// D4, TEST-1 — plans one window.
    pub(crate) fn plan<C: WorkCalendar + ?Sized>(
        &mut self,
        cal: &C,
        w: TestWindow,
    ) -> PlannedWindow {
        let word = self.word(w.index);
        let seed = self.seed;
        let fallback = || {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(u64::from(w.index.max(1)));
            rng
        };
        let (planned, provisional) = draw_planned(cal, w.start, w.end, word, fallback);
        PlannedWindow {
            index: w.index,
            start: w.start,
            end: w.end,
            planned,
            provisional,
        }
    }
}

/// D4, D2 — the planned date of a window and whether it is provisional.
fn draw_planned<C: WorkCalendar + ?Sized>(
    cal: &C,
    start: NaiveDate,
    end: NaiveDate,
    word: u64,
    fallback: impl FnOnce() -> ChaCha8Rng,
) -> (NaiveDate, bool) {
    let provisional = touches_unknown_year(cal, start, end);
    let len = u64::try_from(days_between(start, end) + 1).unwrap_or(0);
    if len == 0 {
        return (start, provisional);
    }
    let is_workday = |d: NaiveDate| cal.is_workday_or_provisional(d).value;
    for pick in word.to_le_bytes().chunks_exact(2) {
        let x = u16::from_le_bytes([pick[0], pick[1]]);
        if let Some(d) = pick16(x, len).and_then(|off| add_days(start, off))
            && is_workday(d)
        {
            return (d, provisional);
        }
    }
    // Rejection failed: count the working days and choose one of them.
    let days = || (0..len).map_while(|i| add_days(start, i));
    let count = days().filter(|d| is_workday(*d)).count() as u64;
    if count == 0 {
        // A window with no working day cannot happen with real calendars; its first
        // day is the safe answer.
        return (start, provisional);
    }
    let k = pick64(&mut fallback(), count);
    let planned = days()
        .filter(|d| is_workday(*d))
        .nth(k as usize)
        .unwrap_or(start);
    (planned, provisional)
}

/// D2 — whether any year the window touches has no calendar data. Calendar data comes
/// by whole years (`CalendarUnknown { year }`), so one date per year is asked.
fn touches_unknown_year<C: WorkCalendar + ?Sized>(
    cal: &C,
    start: NaiveDate,
    end: NaiveDate,
) -> bool {
    let unknown = |d: NaiveDate| cal.is_workday(d).is_err();
    // Windows span at most two years unless a suspension lengthened them.
    unknown(start)
        || (end.year() > start.year() && unknown(end))
        || ((start.year() + 1)..end.year())
            .filter_map(|y| NaiveDate::from_yo_opt(y, 1))
            .any(unknown)
}

/// An exactly uniform number in `0..n` from a uniform 16-bit `x`, or `None` when `x`
/// falls in the rejected sliver (probability < n/2¹⁶) or `n` exceeds 2¹⁶ (Lemire 2019).
fn pick16(x: u16, n: u64) -> Option<u64> {
    let n = u32::try_from(n)
        .ok()
        .filter(|&n| (1..=1 << 16).contains(&n))?;
    let m = u32::from(x) * n;
    let low = m & 0xFFFF;
    if low < n && low < ((1 << 16) - n) % n {
        return None;
    }
    Some(u64::from(m >> 16))
}

/// An exactly uniform number in `0..n` (`n > 0`) from the stream (Lemire 2019); a
/// rejection (probability < n/2⁶⁴) draws again.
fn pick64(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    loop {
        let m = u128::from(rng.next_u64()) * u128::from(n);
        let low = m as u64;
        if low >= n || low >= n.wrapping_neg() % n {
            return (m >> 64) as u64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick16_is_exactly_uniform_over_all_inputs() {
        for n in [1u64, 2, 3, 7, 31, 92, 184, 1000, 65_535, 65_536] {
            let mut counts = vec![0u32; n as usize];
            let mut accepted = 0u32;
            for x in 0..=u16::MAX {
                if let Some(k) = pick16(x, n) {
                    counts[k as usize] += 1;
                    accepted += 1;
                }
            }
            assert!(counts.iter().all(|&c| c == counts[0]), "n = {n}");
            assert_eq!(accepted % n as u32, 0);
            assert!(accepted >= (1 << 16) - n as u32);
        }
        assert_eq!(pick16(5, 0), None);
        assert_eq!(pick16(5, 65_537), None);
    }

    #[test]
    fn pick64_stays_below_n() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for n in [1u64, 2, 3, 1000, u64::MAX] {
            for _ in 0..100 {
                assert!(pick64(&mut rng, n) < n);
            }
        }
    }
}
