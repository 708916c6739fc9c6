// INFO-1 — a person's archive in one snapshot: the person row (with the profile, which
// lives in the same row) read once, then the cases, on one connection inside a read
// transaction the engine opened. The engine writes the returned audit record before it
// hands the archive out.

/// The person as the archive page shows it and the profile beside it, from one row;
/// every column named by its table (`p`), so that nothing joined can shadow it.
const ARCHIVE_SELECT: &str = "SELECT p.id, p.unit_id, n.name AS unit_name, p.name, p.id_type,
        p.id_number_sealed, p.sex, p.birth_date, p.created_at, cu.display_name AS created_by,
        p.updated_at, uu.display_name AS updated_by, p.version,
        p.former_names, p.ethnicity, '' AS phone, p.household_address, p.residence_address,
        p.fixed_home, p.family_contacts, p.substances, p.first_use_on,
        p.addiction_assessed_on, p.prior_isolation, p.phone_sealed, p.profile_sealed
    FROM persons p
    JOIN units n ON n.id = p.unit_id
    JOIN users cu ON cu.id = p.created_by
    JOIN users uu ON uu.id = p.updated_by";

#[derive(sqlx::FromRow)]
struct ArchiveRow {
    #[sqlx(flatten)]
    person: jiekang_store::rows::PersonRow,
    #[sqlx(flatten)]
    profile: ProfileRow,
}

/// Read the archive on `conn` (inside the engine's read transaction): in scope the
/// person, the profile and the cases; outside it, with [`ArchiveAccess::ScopeOrEmergency`],
/// the person alone through the user's newest unexpired grant. Returns the archive and
/// its audit record; [`StoreError::NotFound`] (nothing to record) otherwise.
pub(crate) async fn archive_in(
    conn: &mut Conn,
    keys: &Keyring,
    scope: &Scope,
    actor: i64,
    person_id: PersonId,
    access: ArchiveAccess,
) -> StoreResult<(Archive, AuditEntry)> {
    let in_scope: Option<ArchiveRow> = sqlx::query_as(&format!(
        "{ARCHIVE_SELECT} WHERE p.id = $1 AND p.unit_path >= $2 AND p.unit_path < $3"
    ))
    .bind(person_id)
    .bind(scope.lower())
    .bind(scope.upper())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = in_scope {
        let person = row.person.open(keys)?;
        let profile = row.profile.open(keys)?;
        let cases = of_person_in(&mut *conn, scope, person_id.get()).await?;
        let audit = AuditEntry::of_object(
            Utc::now(),
            Some(actor),
            "person.read",
            "person",
            Some(person_id.get()),
            String::new(),
        );
        let archive = Archive {
            person,
            profile,
            cases,
            emergency_grant: None,
        };
        return Ok((archive, audit));
    }
    let ArchiveAccess::ScopeOrEmergency { now } = access else {
        return Err(StoreError::NotFound);
    };
    // Break the glass: the identity only, through an unexpired grant of this user.
    let grant: i64 = sqlx::query_scalar(
        "SELECT id FROM emergency_access WHERE user_id = $1 AND person_id = $2 AND expires_at > $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(actor)
    .bind(person_id)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound)?;
    let row: ArchiveRow = sqlx::query_as(&format!("{ARCHIVE_SELECT} WHERE p.id = $1"))
        .bind(person_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut audit = AuditEntry::of_object(
        Utc::now(),
        Some(actor),
        "person.read_break_glass",
        "person",
        Some(person_id.get()),
        format!("grant {grant}"),
    );
    audit.person_id = Some(person_id.get());
    let archive = Archive {
        person: row.person.open(keys)?,
        profile: PersonProfile::default(),
        cases: Vec::new(),
        emergency_grant: Some(grant),
    };
    Ok((archive, audit))
}
