//! The GOV.UK Design System's CSS, fonts and images, embedded by `build.rs`.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// Our own few rules on top of govuk-frontend (the stance bars of the dashboard).
const APP_CSS: &str = include_str!("../web/app.css");

/// `GET /assets/{*path}`.
pub(crate) async fn asset(Path(path): Path<String>) -> Response {
    if path == "app.css" {
        return ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS).into_response();
    }
    match ASSETS.iter().find(|(name, _, _)| *name == path) {
        Some((_, media_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *media_type),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
