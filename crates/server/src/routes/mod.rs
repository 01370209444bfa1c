//! The routes, and what every response carries.

mod analyst;
mod public;

use crate::AppState;
use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

/// Builds the router over the shared state.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(public::consultation))
        .route("/privacy", get(public::privacy))
        .route("/respond", get(public::form).post(public::submit))
        .route("/confirmation/{reference}", get(public::confirmation))
        .route("/assets/{*path}", get(crate::assets::asset))
        .merge(analyst::router())
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// A second wall behind escaping: no script may run on any page, and no page may be framed.
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// Renders a template, or a plain 500 if it cannot be.
pub(crate) fn render(status: StatusCode, t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot render the page: {e}"),
        )
            .into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    heading: &'a str,
    message: &'a str,
}

/// A page that says what went wrong, with its status.
pub(crate) fn error_page(status: StatusCode, heading: &str, message: &str) -> Response {
    render(status, &ErrorPage { heading, message })
}

/// A 500 page for a store error; the details go to the server's log, not to the browser.
pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    eprintln!("error: {e}");
    error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Sorry, there is a problem with the service",
        "Try again later. Nothing you sent has been lost if you did not see a reference number.",
    )
}
