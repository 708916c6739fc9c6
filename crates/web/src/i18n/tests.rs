use super::*;

#[test]
fn chinese_is_the_default_and_english_is_the_second_catalogue() {
    assert_eq!(t("common-persons"), "人员档案");
    assert_eq!(fluent::format(Lang::En, "common-persons", None), "Persons");
    // A missing id shows itself (and is logged); the tests keep every used id present.
    assert_eq!(t("no-such-message"), "no-such-message");
    // Domain words come from label_zh()/label_en(), with ids from their codes.
    assert_eq!(label("case-state", "executing"), "执行中");
    assert_eq!(
        fluent::format(Lang::En, "case-state-executing", None),
        "executing"
    );
    assert_eq!(label("case-state", "no_such_state"), "未知");
}

#[tokio::test]
async fn the_request_scope_carries_the_language() {
    let ctx = Ctx {
        lang: Lang::En,
        path: "/persons?name=王".to_owned(),
    };
    let (home, href, total) = scope(ctx, async {
        (
            t("common-home"),
            switch_href(),
            msg("persons-total").arg("count", 3).to_string(),
        )
    })
    .await;
    assert_eq!(home, "Home");
    assert_eq!(href, "/lang?to=zh&back=%2Fpersons%3Fname%3D%E7%8E%8B");
    assert_eq!(total, "in scope: 3");
    assert_eq!(
        msg("persons-total").arg("count", 3).to_string(),
        "辖区共 3 人"
    );
}

#[test]
fn a_value_is_an_argument_of_one_message_in_both_word_orders() {
    let due = msg("case-talk-due-by").arg("date", "2025-03-01");
    assert_eq!(due.render_in(Lang::Zh), "2025-03-01 前");
    assert_eq!(due.render_in(Lang::En), "by 2025-03-01");
    // English chooses the plural form by the number.
    let facts = |years: i64| {
        msg("case-decision-facts-term")
            .arg("organ", "X")
            .arg("number", "1")
            .arg("date", "2025-01-02")
            .arg("years", years)
            .render_in(Lang::En)
    };
    assert!(facts(1).ends_with("term 1 year"), "{}", facts(1));
    assert!(facts(2).ends_with("term 2 years"), "{}", facts(2));
    // A message as an argument renders in the same language.
    let e = domain::text_error(
        &jiekang_domain::text::TextError::Empty,
        Some(msg("common-name")),
    );
    assert_eq!(e.render_in(Lang::Zh), "姓名不能为空");
    assert_eq!(e.render_in(Lang::En), "Name: must not be empty");
}

#[test]
fn texts_the_store_writes_are_shown_through_their_ids() {
    let m = Msg::recorded("记录不存在");
    assert_eq!(m.id(), Some("store-no-such-record"));
    assert_eq!(m.render_in(Lang::En), "No such record");
    // Unknown text stays as written.
    let other = Msg::recorded("某段未收录的文字");
    assert_eq!(other.id(), None);
    assert_eq!(other.render_in(Lang::En), "某段未收录的文字");
}

#[test]
fn only_local_paths_are_followed_back() {
    assert_eq!(safe_back("/persons?x=1"), "/persons?x=1");
    for bad in [
        "https://evil.example/",
        "//evil.example",
        "/\\evil",
        "",
        "/lang?to=en",
    ] {
        assert_eq!(safe_back(bad), "/", "{bad}");
    }
}

#[test]
fn every_domain_word_has_english_from_ui_md() {
    for (family, code, zh, en) in labels::words() {
        assert!(!en.trim().is_empty(), "{family} {code}");
        assert!(!en.chars().any(is_cjk), "{zh}: {en}");
        let id = labels::label_id(family, code);
        assert_eq!(fluent::format(Lang::Zh, &id, None), zh);
        assert_eq!(fluent::format(Lang::En, &id, None), en);
    }
    // ui.md's Words table.
    let en =
        |family: &str, code: &str| fluent::format(Lang::En, &labels::label_id(family, code), None);
    assert_eq!(en("case-state", "notified"), "notified, awaiting report-in");
    assert_eq!(en("case-state", "expired"), "expired and released");
    assert_eq!(en("test-outcome", "evaded"), "evaded");
    assert_eq!(en("measure", "community_rehab"), "community rehabilitation");
}

#[test]
fn the_queue_words_are_the_stores_own() {
    use jiekang_store::cases::QueueKind;
    let mut kinds = QueueKind::ALL.to_vec();
    kinds.extend(jiekang_domain::case::CaseState::ALL.map(QueueKind::InState));
    for k in kinds {
        assert_eq!(labels::queue(k), k.label_zh(), "{}", k.code());
        assert_eq!(labels::queue_due(k), k.due_label(), "{}", k.code());
    }
}

#[test]
fn the_words_shown_by_code_exist_in_both_languages() {
    use jiekang_domain::calendar::DayKind;
    let mut ids: Vec<String> = Vec::new();
    for code in ["requested", "approved", "refused", "returned"] {
        ids.push(labels::label_id("leave-state", code));
    }
    for code in ["transfer", "police"] {
        ids.push(labels::label_id("handover-kind", code));
    }
    for kind in [DayKind::Holiday, DayKind::Workday] {
        ids.push(labels::label_id("calendar-day", kind.code()));
    }
    ids.extend(
        crate::pages::audit::ACTIONS
            .iter()
            .map(|(_, id)| (*id).to_owned()),
    );
    for id in ids {
        assert!(
            fluent::has(Lang::Zh, &id) && fluent::has(Lang::En, &id),
            "{id}"
        );
    }
}
