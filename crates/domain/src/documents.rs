//! INFO-1 — the printable documents an office owes on a case, and their numbers.
//!
//! A document's number is derived from what is recorded, never drawn from a counter:
//! the kind's character (协, 报, 检 …), the year of the document's own date, the case id
//! and, for a document about one record (a test, a talk, a leave), that record's id:
//! `戒康检〔2025〕000123-0045号`. The same document therefore prints with the same
//! number every time, on every instance, whichever office prints it after a transfer,
//! and two different documents never share one (the kind, the case and the record
//! tell them apart; the year only repeats the document's date).

use serde::Serialize;

/// The kinds of document, each printable as HTML and as PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DocumentKind {
    /// N5, CASE-6 — 社区戒毒/社区康复协议.
    Agreement,
    /// N3 — 报到通知书 with its receipt (回执).
    ReportNotice,
    /// N20, TEST-1 — 检测记录 of one test.
    TestRecord,
    /// CASE-8 — 谈话/走访记录 of one talk or visit.
    TalkRecord,
    /// N8 — 请假审批表 of one leave request.
    LeaveApproval,
    /// N12 — 解除社区戒毒/社区康复通知书 with its delivery record.
    ReleaseNotice,
    /// N9, CASE-6 — 严重违反协议 referral letter to the police, with its evidence.
    Referral,
    /// CASE-4, N11 — 变更执行地 hand-over letter.
    TransferLetter,
    /// N10 — 告诫书 of one warning.
    Warning,
    /// INFO-1 — 一人一档: the case file's cover and contents (卷内目录).
    Archive,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 10] = [
        DocumentKind::Agreement,
        DocumentKind::ReportNotice,
        DocumentKind::TestRecord,
        DocumentKind::TalkRecord,
        DocumentKind::LeaveApproval,
        DocumentKind::ReleaseNotice,
        DocumentKind::Referral,
        DocumentKind::TransferLetter,
        DocumentKind::Warning,
        DocumentKind::Archive,
    ];

    /// The code in routes and audit records.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Agreement => "agreement",
            DocumentKind::ReportNotice => "report-notice",
            DocumentKind::TestRecord => "test-record",
            DocumentKind::TalkRecord => "talk-record",
            DocumentKind::LeaveApproval => "leave-approval",
            DocumentKind::ReleaseNotice => "release-notice",
            DocumentKind::Referral => "referral",
            DocumentKind::TransferLetter => "transfer-letter",
            DocumentKind::Warning => "warning-notice",
            DocumentKind::Archive => "archive",
        }
    }

    pub fn parse(code: &str) -> Option<DocumentKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The character of the kind in the document number (文号的字).
    pub fn word(self) -> char {
        match self {
            DocumentKind::Agreement => '协',
            DocumentKind::ReportNotice => '报',
            DocumentKind::TestRecord => '检',
            DocumentKind::TalkRecord => '谈',
            DocumentKind::LeaveApproval => '假',
            DocumentKind::ReleaseNotice => '解',
            DocumentKind::Referral => '移',
            DocumentKind::TransferLetter => '变',
            DocumentKind::Warning => '诫',
            DocumentKind::Archive => '档',
        }
    }

    /// Whether the document is about one record of the case (then its number names it).
    pub fn per_record(self) -> bool {
        matches!(
            self,
            DocumentKind::TestRecord
                | DocumentKind::TalkRecord
                | DocumentKind::LeaveApproval
                | DocumentKind::Warning
        )
    }
}

/// INFO-1 — the stable number of a document: the kind's character, the year of the
/// document's date, the case id (six digits at least) and, for a per-record document,
/// the record id (four digits at least).
pub fn document_number(kind: DocumentKind, year: i32, case_id: i64, record: Option<i64>) -> String {
    let word = kind.word();
    match record {
        Some(r) => format!("戒康{word}〔{year}〕{case_id:06}-{r:04}号"),
        None => format!("戒康{word}〔{year}〕{case_id:06}号"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn numbers_read_like_official_document_numbers() {
        assert_eq!(
            document_number(DocumentKind::Agreement, 2024, 123, None),
            "戒康协〔2024〕000123号"
        );
        assert_eq!(
            document_number(DocumentKind::TestRecord, 2025, 7, Some(45)),
            "戒康检〔2025〕000007-0045号"
        );
        // large ids are never cut
        assert_eq!(
            document_number(DocumentKind::ReleaseNotice, 2027, 12_345_678, None),
            "戒康解〔2027〕12345678号"
        );
    }

    #[test]
    fn every_kind_has_its_own_code_and_character() {
        let codes: HashSet<_> = DocumentKind::ALL.iter().map(|k| k.code()).collect();
        let words: HashSet<_> = DocumentKind::ALL.iter().map(|k| k.word()).collect();
        assert_eq!(codes.len(), DocumentKind::ALL.len());
        assert_eq!(words.len(), DocumentKind::ALL.len());
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.code()), Some(k));
        }
        assert_eq!(DocumentKind::parse("nope"), None);
    }

    proptest! {
        /// The same inputs give the same number (stable), and different documents of
        /// the same year never share one.
        #[test]
        fn numbers_are_stable_and_distinct(
            a in 1i64..10_000_000, b in 1i64..10_000_000,
            ra in proptest::option::of(1i64..100_000), rb in proptest::option::of(1i64..100_000),
            ka in 0usize..DocumentKind::ALL.len(), kb in 0usize..DocumentKind::ALL.len(), year in 2004i32..2100,
        ) {
            let (ka, kb) = (DocumentKind::ALL[ka], DocumentKind::ALL[kb]);
            let na = document_number(ka, year, a, ra);
            prop_assert_eq!(&na, &document_number(ka, year, a, ra));
            let nb = document_number(kb, year, b, rb);
            prop_assert_eq!(na == nb, (ka, a, ra) == (kb, b, rb));
        }
    }
}
