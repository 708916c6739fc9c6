//! The OpenAPI description of `/api/v1`, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jiekang 戒康 API",
        description = "社区戒毒社区康复信息管理系统 JSON API. Every endpoint is limited to the caller's jurisdiction."
    ),
    paths(
        super::health::healthz,
        super::session::login,
        super::session::logout,
        super::session::me,
        super::sessions::list,
        super::sessions::revoke,
        super::sessions::revoke_others,
        super::units::list,
        super::users::list,
        super::persons::list,
        super::persons::create,
        super::persons::show,
        super::calendar::show,
        super::audit::list,
        super::cases::of_person,
        super::cases::create,
        super::cases::show,
        super::cases::step,
        super::cases::test,
        super::cases::record,
        super::cases::queue,
        // CASE-7, D6, N6
        super::care::assess,
        super::care::assessments,
        super::care::assign,
        super::care::scheme,
        // STAT-1
        super::dashboard::show,
        super::reports::show,
        super::tasks::list,
        super::tasks::show,
        super::tasks::answer,
    )
)]
pub struct ApiDoc;

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
