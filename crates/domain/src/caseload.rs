//! N6 — caseloads: each case has a responsible community worker (社区专职工作人员) and a
//! community police officer (社区民警) of the work group, named by the township office.

use crate::permission::Role;

/// The duty a user is named to on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseDuty {
    /// 责任社工 — the responsible community worker.
    Worker,
    /// 责任民警 — the community police officer.
    Police,
}

impl CaseDuty {
    /// The role a user must have to carry the duty.
    pub fn role(self) -> Role {
        match self {
            CaseDuty::Worker => Role::CommunityStaff,
            CaseDuty::Police => Role::CommunityPolice,
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CaseDuty::Worker => "责任社工",
            CaseDuty::Police => "责任民警",
        }
    }
}

/// Why a user cannot be named; shown to the township office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("责任社工须为社区专职工作人员的账号")]
    WorkerRole,
    #[error("责任民警须为社区民警的账号")]
    PoliceRole,
    #[error("所选账号不属于该人员执行地所在的乡镇(街道)或社区")]
    OutsidePlace,
    #[error("所选账号已停用")]
    Disabled,
}

/// N6 — whether a user of `role` at unit path `user_path` (and enabled) may carry
/// `duty` on a case executed at `case_path`: the right role, and the user's unit is the
/// execution place, one of its ancestors up to the township, or a unit under it
/// (paths are materialised ancestor lists, `/1/7/42/`).
pub fn n6_check_assignment(
    duty: CaseDuty,
    role: Role,
    disabled: bool,
    user_path: &str,
    township_path: &str,
    case_path: &str,
) -> Result<(), AssignmentError> {
    if role != duty.role() {
        return Err(match duty {
            CaseDuty::Worker => AssignmentError::WorkerRole,
            CaseDuty::Police => AssignmentError::PoliceRole,
        });
    }
    if disabled {
        return Err(AssignmentError::Disabled);
    }
    let serves_place = user_path.starts_with(township_path)
        && (case_path.starts_with(user_path) || user_path.starts_with(case_path));
    if !serves_place {
        return Err(AssignmentError::OutsidePlace);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn n6_worker_of_the_community_or_township_may_carry_the_case() {
        let (town, comm) = ("/1/2/3/", "/1/2/3/4/");
        let ok = |role, path| n6_check_assignment(CaseDuty::Worker, role, false, path, town, comm);
        assert_eq!(ok(Role::CommunityStaff, "/1/2/3/4/"), Ok(()));
        assert_eq!(ok(Role::CommunityStaff, "/1/2/3/"), Ok(()));
        assert_eq!(
            ok(Role::CommunityStaff, "/1/2/3/5/"),
            Err(AssignmentError::OutsidePlace)
        );
        assert_eq!(
            ok(Role::CommunityStaff, "/1/2/"),
            Err(AssignmentError::OutsidePlace)
        );
        assert_eq!(
            ok(Role::CommunityPolice, comm),
            Err(AssignmentError::WorkerRole)
        );
        assert_eq!(
            n6_check_assignment(
                CaseDuty::Police,
                Role::CommunityStaff,
                false,
                comm,
                town,
                comm
            ),
            Err(AssignmentError::PoliceRole)
        );
        assert_eq!(
            n6_check_assignment(
                CaseDuty::Police,
                Role::CommunityPolice,
                true,
                comm,
                town,
                comm
            ),
            Err(AssignmentError::Disabled)
        );
    }

    proptest! {
        /// N6 — a user in another township's subtree is never accepted.
        #[test]
        fn n6_other_townships_never_serve(a in 1u32..50, b in 1u32..50, c in 1u32..50) {
            prop_assume!(a != b);
            let town = format!("/1/{a}/");
            let case = format!("/1/{a}/{c}/");
            let other = format!("/1/{b}/{c}/");
            prop_assert_eq!(
                n6_check_assignment(CaseDuty::Worker, Role::CommunityStaff, false, &other, &town, &case),
                Err(AssignmentError::OutsidePlace)
            );
        }
    }
}
