//! Demo case histories: orders over both measures in every state, driven
//! through the same store commands the web UI uses, so every deadline, window and
//! breach comes from the rules and the timeline reads like real work. Two loader
//! accounts take the police and township steps and are disabled afterwards.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::permission::Role;
use jiekang_domain::records::{Sample, TalkKind, TestKind};
use jiekang_store::cases::{Case, CaseCommand, NewAssessment, NewCase, NewDrugTest, StepInput};
use jiekang_store::model::{NewUser, PageRequest, PersonFilter, User};
use jiekang_store::{Scope, Store};
use rand::{Rng, SeedableRng};

use super::DemoResult;
use super::units::Tree;

/// Cases get a history; the rest of the persons stay registered only.
pub const MAX_DEMO_CASES: usize = 150;

struct Loader {
    police: User,
    township: User,
}

async fn loader(store: &dyn Store, tree: &Tree) -> DemoResult<Loader> {
    let root = tree.by_code.get("150600").ok_or("no city unit")?;
    let make = async |username: &str, name: &str, role: Role| {
        store
            .create_user(
                &Scope::system(),
                None,
                &NewUser {
                    username: username.into(),
                    display_name: name.into(),
                    unit_id: root.id,
                    role,
                    // not a valid argon2 hash: nobody can ever log in as a loader
                    password_hash: "!demo-loader".into(),
                    must_change_password: true,
                },
            )
            .await
    };
    Ok(Loader {
        police: make(
            "demo.loader.police",
            "演示数据(公安)",
            Role::CommunityPolice,
        )
        .await?,
        township: make(
            "demo.loader.township",
            "演示数据(乡镇)",
            Role::TownshipOffice,
        )
        .await?,
    })
}

fn add(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).unwrap_or(d)
}

fn sub(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days)).unwrap_or(d)
}

async fn run(
    store: &dyn Store,
    who: &User,
    case: &mut Case,
    command: CaseCommand,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> DemoResult<()> {
    *case = store
        .apply_case_command(
            &Scope::system(),
            who.id,
            who.role,
            case.id.get(),
            case.version,
            &command,
            cal,
            today,
        )
        .await?;
    Ok(())
}

fn step(step: Step, on: NaiveDate) -> CaseCommand {
    CaseCommand::Step(StepInput {
        step,
        on,
        note: String::new(),
        transfer_to_unit_id: None,
        served_on: None,
    })
}

/// 交通街道's demo worker and police officer (id, unit path), named on the cases of
/// their community (N6).
struct Carers {
    worker: Option<(i64, String)>,
    police: Option<(i64, String)>,
}

async fn carers(store: &dyn Store, tree: &Tree) -> DemoResult<Carers> {
    let system = Scope::system();
    let of = async |username: &str| {
        store
            .user_by_username(&system, username)
            .await
            .ok()
            .and_then(|u| {
                tree.by_code
                    .get(&u.unit_code)
                    .map(|n| (u.id, n.path.clone()))
            })
    };
    Ok(Carers {
        worker: of("jiaotong.staff").await,
        police: of("jiaotong.police").await,
    })
}

/// CASE-7, D6, N6 — a case just agreed gets 交通街道's worker and officer and a first
/// risk assessment a few days later, scored at random under the scheme in use.
async fn care(
    store: &dyn Store,
    l: &Loader,
    carers: &Carers,
    case: &mut Case,
    reported: NaiveDate,
    today: NaiveDate,
) -> DemoResult<()> {
    // a generator of the case's own, so the rest of the demo draws what it drew before
    let rng = &mut rand_chacha::ChaCha8Rng::seed_from_u64(case.id.get().unsigned_abs());
    let cal = HolidayCalendar::embedded();
    let serves = |carer: &Option<(i64, String)>| {
        carer
            .as_ref()
            .filter(|(_, path)| case.unit_path.starts_with(path.as_str()))
            .map(|(id, _)| *id)
    };
    let (worker_id, police_id) = (serves(&carers.worker), serves(&carers.police));
    if worker_id.is_some() || police_id.is_some() {
        let assign = CaseCommand::Assign {
            worker_id,
            police_id,
            on: reported,
        };
        run(store, &l.township, case, assign, cal, today).await?;
    }
    let scheme = store.risk_scheme(None).await?;
    // most persons score low, some high: each item at random up to its maximum, scaled
    let weight: f64 = rng.random_range(0.1..0.9);
    let scores = scheme
        .scheme
        .items
        .iter()
        .map(|i| {
            let top = (f64::from(i.max_score) * weight).round() as u32;
            (i.code.clone(), rng.random_range(0..=top.min(i.max_score)))
        })
        .collect();
    let assess = CaseCommand::Assess(NewAssessment {
        scheme_version: scheme.version,
        scores,
        assessed_on: add(reported, 3).min(today),
        assessor: "王芳".into(),
        note: "报到后首次风险评估".into(),
    });
    run(store, &l.township, case, assess, cal, today).await
}

/// Give up to [`MAX_DEMO_CASES`] persons (交通街道's first, where the demo accounts
/// work) an order and a history up to `today`. Returns the persons given a case.
pub async fn seed(
    store: &dyn Store,
    tree: &Tree,
    rng: &mut impl Rng,
    today: NaiveDate,
) -> DemoResult<Vec<i64>> {
    let cal = HolidayCalendar::embedded();
    let system = Scope::system();
    let jiaotong = tree.by_code.get("150602001").ok_or("no 交通街道")?;
    let mut persons = store
        .persons(
            &system,
            &PersonFilter {
                unit_id: Some(jiaotong.id),
                ..PersonFilter::default()
            },
            PageRequest::first(MAX_DEMO_CASES as u32 / 2),
        )
        .await?
        .items;
    let others = store
        .persons(
            &system,
            &PersonFilter::default(),
            PageRequest::first(MAX_DEMO_CASES as u32),
        )
        .await?
        .items;
    for p in others {
        if persons.len() >= MAX_DEMO_CASES {
            break;
        }
        if !persons.iter().any(|q| q.id == p.id) {
            persons.push(p);
        }
    }
    if persons.is_empty() {
        return Ok(Vec::new());
    }
    let l = loader(store, tree).await?;
    let carers = carers(store, tree).await?;
    let townships: Vec<_> = tree
        .by_code
        .values()
        .filter(|u| u.code.len() == 9)
        .cloned()
        .collect();
    for (i, p) in persons.iter().enumerate() {
        let full = store.person(&system, l.township.id, p.id).await?;
        // A spread of decision dates over the last four years, a few very recent.
        let age: u64 = if i % 10 == 0 {
            rng.random_range(1..12)
        } else {
            rng.random_range(20..1400)
        };
        let decided_on = sub(today, age);
        let rehab = rng.random_bool(0.3);
        let new = NewCase {
            person_id: p.id,
            unit_id: full.unit_id,
            measure: if rehab {
                Measure::CommunityRehab
            } else {
                Measure::CommunityDetox
            },
            decided_years: rehab.then(|| rng.random_range(2..=3)),
            deciding_organ: "鄂尔多斯市公安局".into(),
            decision_number: format!("鄂公(禁)决字〔{}〕{:04}号", decided_on.format("%Y"), i + 1),
            decided_on,
            served_on: Some(add(decided_on, 1).min(today)),
            family_served_on: Some(add(decided_on, 2).min(today)),
            place_basis: PlaceBasis::Household,
            work_group: "王芳 专职工作人员\n李强 社区民警\n张医生 社区医务人员".into(),
            seed: rng.random::<i64>() >> 1,
        };
        let mut case = store
            .create_case(
                &system,
                l.police.id,
                Role::CommunityPolice,
                &new,
                cal,
                today,
            )
            .await?;
        let notified = add(decided_on, rng.random_range(1..10));
        if notified > today {
            continue;
        }
        run(
            store,
            &l.police,
            &mut case,
            step(Step::Notify, notified),
            cal,
            today,
        )
        .await?;
        let reported = add(notified, rng.random_range(0..6));
        if reported > today || i % 10 == 1 {
            continue;
        }
        run(
            store,
            &l.township,
            &mut case,
            step(Step::ReportIn, reported),
            cal,
            today,
        )
        .await?;
        if i % 15 == 2 {
            continue; // agreement pending
        }
        run(
            store,
            &l.township,
            &mut case,
            step(Step::SignAgreement, reported),
            cal,
            today,
        )
        .await?;
        care(store, &l, &carers, &mut case, reported, today).await?;
        let absconds = i % 17 == 3;
        let file = store
            .case_file(&system, l.township.id, case.id.get())
            .await?;
        for w in &file.windows {
            if w.planned_on >= today || w.planned_on > case.term_end.unwrap_or(today) {
                break;
            }
            let roll: f64 = rng.random();
            let outcome = match roll {
                r if r < 0.08 => None,
                r if r < 0.11 => Some(TestOutcome::Refused),
                r if r < 0.13 => Some(TestOutcome::Evaded),
                r if r < 0.16 => Some(TestOutcome::Positive),
                _ => Some(TestOutcome::Negative),
            };
            let Some(outcome) = outcome else { continue };
            let at = NaiveDateTime::new(
                w.planned_on,
                // tests are taken one by one through the day: a random minute, so that the
                // demo's desks do not look like the 空转 pattern (INFO-2)
                NaiveTime::from_hms_opt(rng.random_range(8..17), rng.random_range(0..60), 0)
                    .unwrap_or_default(),
            );
            let positive = outcome == TestOutcome::Positive;
            let test = CaseCommand::Test(NewDrugTest {
                tested_at: at,
                kind: TestKind::OnSite,
                sample: outcome.satisfies_window().then_some(Sample::Urine),
                outcome,
                substances: if positive {
                    "甲基苯丙胺".into()
                } else {
                    String::new()
                },
                tester_1: "李强".into(),
                tester_2: "王芳".into(),
                sample_a: if positive {
                    format!("A{}-{}", case.id, w.idx)
                } else {
                    String::new()
                },
                sample_b: if positive {
                    format!("B{}-{}", case.id, w.idx)
                } else {
                    String::new()
                },
                planned: true,
                female_tester_present: true,
                note: String::new(),
            });
            run(store, &l.police, &mut case, test, cal, today).await?;
            if w.idx % 4 == 0 {
                let talk = CaseCommand::Talk {
                    kind: TalkKind::HomeVisit,
                    on: w.planned_on,
                    note: "在家,情绪稳定,在附近务工。".into(),
                    collected_by: "王芳".into(),
                };
                run(store, &l.township, &mut case, talk, cal, today).await?;
            }
            if case.breach_level == "serious" {
                break;
            }
        }
        if let Some(end) = case.term_end
            && end < today
            && case.state == "executing"
        {
            run(
                store,
                &l.police,
                &mut case,
                step(Step::Expire, add(end, 1)),
                cal,
                today,
            )
            .await?;
            continue;
        }
        if absconds && case.state == "executing" {
            let on = sub(today, 20).max(case.state_since);
            run(
                store,
                &l.township,
                &mut case,
                step(Step::Abscond, on),
                cal,
                today,
            )
            .await?;
            let search = CaseCommand::Search {
                on: sub(today, 18).max(case.state_since),
                place: "家中、工作单位、亲属家".into(),
                outcome: "未找到,家属不知去向".into(),
                searched_by: "王芳、李强".into(),
            };
            run(store, &l.township, &mut case, search, cal, today).await?;
        } else if i % 23 == 4
            && case.state == "executing"
            && let Some(target) = townships
                .iter()
                .find(|t| !case.unit_path.starts_with(&t.path))
        {
            {
                let request = CaseCommand::Step(StepInput {
                    step: Step::RequestTransfer,
                    on: sub(today, 2).max(case.state_since),
                    note: "到外地务工,居住地变更".into(),
                    transfer_to_unit_id: Some(target.id),
                    served_on: None,
                });
                run(store, &l.township, &mut case, request, cal, today).await?;
            }
        }
    }
    for u in [&l.police, &l.township] {
        store.set_user_disabled(&system, None, u.id, true).await?;
    }
    Ok(persons.iter().map(|p| p.id).collect())
}
