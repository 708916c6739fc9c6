// INFO-1, INFO-2 — the person's profile beside the registry row.

/// The phone is sealed at rest (personal data): selected as `phone_sealed` beside an empty
/// `phone`; so is the free text: `profile_sealed` beside empty
/// columns (or, in a row not sealed yet, the plain text). [`ProfileRow::open`] opens them.
const PROFILE_COLUMNS: &str = "former_names, ethnicity, '' AS phone, household_address,
    residence_address, fixed_home, family_contacts, substances, first_use_on,
    addiction_assessed_on, prior_isolation, phone_sealed, profile_sealed";

#[derive(sqlx::FromRow)]
struct ProfileRow {
    #[sqlx(flatten)]
    profile: PersonProfile,
    phone_sealed: Option<Vec<u8>>,
    profile_sealed: Option<Vec<u8>>,
}

impl ProfileRow {
    fn open(self, keys: &Keyring) -> StoreResult<PersonProfile> {
        let mut profile = self.profile;
        if let Some(sealed) = &self.phone_sealed {
            profile.phone = keys.open_str(Field::Phone, sealed)?;
        }
        if let Some(sealed) = &self.profile_sealed {
            open_profile(keys, sealed, &mut profile)?;
        }
        Ok(profile)
    }
}

/// INFO-1 — the person's profile, in scope.
pub(crate) async fn profile(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    person_id: i64,
) -> StoreResult<PersonProfile> {
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM persons WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"
    );
    sqlx::query_as::<_, ProfileRow>(&sql)
        .bind(person_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(pool)
        .await?
        .ok_or(StoreError::NotFound)?
        .open(keys)
}

/// INFO-1, INFO-2 — save the profile the user saw at `version`; audited with the
/// fields' old and new values.
pub(crate) async fn update_profile(
    pool: &Pool<Db>,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: i64,
    version: i64,
    p: &PersonProfile,
) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    let sql = format!(
        "SELECT {PROFILE_COLUMNS} FROM persons WHERE id = $1 AND unit_path >= $2 AND unit_path < $3"
    );
    let before: PersonProfile = sqlx::query_as::<_, ProfileRow>(&sql)
        .bind(person_id)
        .bind(scope.lower())
        .bind(scope.upper())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?
        .open(keys)?;
    let updated = sqlx::query(
        "UPDATE persons SET former_names = '', ethnicity = $1, phone = '', phone_sealed = $2,
            household_address = '', residence_address = '', fixed_home = $3,
            family_contacts = '', substances = '', first_use_on = $4,
            addiction_assessed_on = $5, prior_isolation = '', profile_sealed = $6,
            updated_at = $7, updated_by = $8, version = version + 1
         WHERE id = $9 AND version = $10",
    )
    .bind(&p.ethnicity)
    // sealed at rest (personal data); no phone is NULL
    .bind((!p.phone.is_empty()).then(|| keys.seal_str(Field::Phone, &p.phone)))
    .bind(p.fixed_home)
    .bind(p.first_use_on)
    .bind(p.addiction_assessed_on)
    // the free text sealed as one value; none is NULL
    .bind(seal_profile(keys, p))
    .bind(Utc::now())
    .bind(actor)
    .bind(person_id)
    .bind(version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Err(StoreError::Stale);
    }
    // What changed; before and after only of what is not sealed (INFO-2): the trail
    // is not sealed, so the phone and the free text are named only.
    let mut changed = Vec::new();
    if before.ethnicity != p.ethnicity {
        changed.push(format!(
            "ethnicity: {:?} → {:?}",
            before.ethnicity, p.ethnicity
        ));
    }
    let sealed_pairs = [
        ("former_names", &before.former_names, &p.former_names),
        (
            "household_address",
            &before.household_address,
            &p.household_address,
        ),
        (
            "residence_address",
            &before.residence_address,
            &p.residence_address,
        ),
        (
            "family_contacts",
            &before.family_contacts,
            &p.family_contacts,
        ),
        ("substances", &before.substances, &p.substances),
        (
            "prior_isolation",
            &before.prior_isolation,
            &p.prior_isolation,
        ),
    ];
    for (field, old, new) in sealed_pairs {
        if old != new {
            changed.push(format!("{field}: (changed)"));
        }
    }
    if before.phone != p.phone {
        changed.push("phone: (changed)".to_owned());
    }
    if before.fixed_home != p.fixed_home {
        changed.push(format!(
            "fixed_home: {} → {}",
            before.fixed_home, p.fixed_home
        ));
    }
    if before.first_use_on != p.first_use_on
        || before.addiction_assessed_on != p.addiction_assessed_on
    {
        changed.push("dates changed".to_owned());
    }
    let mut entry = AuditEntry::of_object(
        Utc::now(),
        Some(actor),
        "person.update",
        "person",
        Some(person_id),
        changed.join("; "),
    );
    entry.person_id = Some(person_id);
    crate::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
