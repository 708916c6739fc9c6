//! MMT-1, N17 in the browser: the methadone clinic's nurse enrols a person by ID number
//! with consent and records the day's dose in one field on the desk (the nurse's home
//! page); the district reads 就诊率 and 戒治率 by clinic.

use jiekang_domain::permission::Role;
use jiekang_store::Scope;
use jiekang_store::clinics::NewClinic;

use crate::case_work::{executing_case, log_in_as};
use crate::harness::{CLINIC, Console, Scripts, Size, account, journey};

pub async fn a_nurse_enrols_a_person_and_records_the_dose(size: Size) {
    journey("clinic", size, Scripts::Enabled, |b| async move {
        executing_case(&b).await;
        let store = &b.site.store;
        let f = &b.site.fixture;
        let ds = Scope::of_unit(f.dongsheng.id, f.dongsheng.path.clone());
        let clinic = store
            .create_clinic(
                &ds,
                f.dongsheng_user.id,
                &NewClinic {
                    unit_id: f.dongsheng.id,
                    name: "东胜区美沙酮门诊".into(),
                    address: "林荫路 12 号".into(),
                },
            )
            .await
            .expect("clinic");
        let nurse = store
            .user_by_username(&Scope::system(), CLINIC.username)
            .await
            .expect("nurse");
        store
            .set_clinic_staff(&ds, f.dongsheng_user.id, nurse.id, clinic.id)
            .await
            .expect("staff");

        log_in_as(&b, CLINIC.username).await;
        b.page(
            "clinic-desk-empty",
            &["东胜区美沙酮门诊", "入组登记"],
            Console::Clean,
        )
        .await;
        b.fill("#id_number", "150602199001011238").await;
        b.find("#consent").await.click().await.expect("consent");
        b.click_and_wait("#enrol-person button[type=submit]").await;
        b.page(
            "clinic-desk-enrolled",
            &["已登记入组", "张某", "150602********1238"],
            Console::Clean,
        )
        .await;
        b.fill("form[action='/clinic/dose'] input[name=dose_mg]", "60")
            .await;
        b.click_and_wait("form[action='/clinic/dose'] button[type=submit]")
            .await;
        b.page(
            "clinic-desk-dosed",
            &["已登记服药", "今日已服药(1 人)"],
            Console::Clean,
        )
        .await;
        b.log_out().await;

        log_in_as(&b, account(Role::DistrictOffice).username).await;
        b.goto("/clinics").await;
        b.page(
            "clinic-rates",
            &["东胜区美沙酮门诊", "就诊率", "戒治率"],
            Console::Clean,
        )
        .await;
    })
    .await;
}
