//! Themes, `GET /analyst/themes`, and their edits, `POST /analyst/themes/edit`.

use super::{UserView, analysis, bad_csrf, no_analysis};
use crate::auth::{Editor, Reader, Require};
use crate::routes::{error_page, internal, render};
use crate::{Analysis, AppState, csrf};
use askama::Template;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "themes.html")]
struct ThemesPage<'a> {
    user: UserView,
    analysis: &'a Analysis,
    edits: Vec<(String, barometer_store::ThemeEdit)>,
}

/// `GET /analyst/themes`: each open question's themes, the edit forms, and the stored edits.
pub(crate) async fn themes(State(state): State<AppState>, Require(signed, _): Require<Reader>) -> Response {
    let Some(analysis) = analysis(&state).await else {
        return no_analysis();
    };
    let mut edits = Vec::new();
    for q in &state.config.consultation.questions {
        match state
            .store
            .theme_edits(&state.config.consultation_id, &q.id.0)
            .await
        {
            Ok(list) => edits.extend(list.into_iter().map(|e| (q.id.0.clone(), e))),
            Err(e) => return internal(e),
        }
    }
    render(
        StatusCode::OK,
        &ThemesPage {
            user: (&signed).into(),
            analysis: &analysis,
            edits,
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct ThemeEditForm {
    csrf: Option<String>,
    question: String,
    kind: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    other: String,
    #[serde(default)]
    label: String,
}

fn blank(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "other").then(|| t.to_string())
}

/// `POST /analyst/themes/edit`: rename, merge, split or move; stored for the next analysis to
/// replay, and audited.
pub(crate) async fn theme_edit(
    State(state): State<AppState>,
    Require(signed, _): Require<Editor>,
    Form(f): Form<ThemeEditForm>,
) -> Response {
    use barometer_analysis::themes::edit::Edit;
    if !csrf::check(&signed, f.csrf.as_deref()) {
        return bad_csrf();
    }
    if state
        .config
        .consultation
        .question(&barometer_domain::QuestionId(f.question.clone()))
        .is_none()
    {
        return error_page(
            StatusCode::BAD_REQUEST,
            "Unknown question",
            "The question is not in this consultation.",
        );
    }
    // What is missing, if anything, in words for the error page.
    let need = |s: &str, what: &str| -> Result<String, String> {
        let t = s.trim();
        if t.is_empty() {
            Err(format!("Enter {what}."))
        } else {
            Ok(t.to_string())
        }
    };
    let edit = match f.kind.as_str() {
        "rename" => need(&f.theme, "the theme")
            .and_then(|theme| need(&f.label, "the new label").map(|label| Edit::Rename { theme, label })),
        "merge" => need(&f.theme, "the theme to merge").and_then(|from| {
            need(&f.other, "the theme to merge into").map(|into| Edit::Merge { from, into })
        }),
        "split" => need(&f.theme, "the theme to split").map(|theme| Edit::Split { theme }),
        "move" => need(&f.label, "the response's id").map(|response| Edit::Move {
            response,
            from: blank(&f.theme),
            to: blank(&f.other),
        }),
        _ => Err("Choose rename, merge, split or move.".to_string()),
    };
    let edit = match edit {
        Ok(e) => e,
        Err(message) => return error_page(StatusCode::BAD_REQUEST, "The edit is incomplete", &message),
    };
    let json = serde_json::to_string(&edit).expect("an edit serialises");
    let cid = &state.config.consultation_id;
    let user = &signed.session.user.username;
    if let Err(e) = state
        .store
        .add_theme_edit(cid, &f.question, user, chrono::Utc::now(), &json)
        .await
    {
        return internal(e);
    }
    let target = format!("{}/{}", f.question, f.theme.trim());
    if let Err(e) = state
        .store
        .record_audit(cid, user, "theme_edit", &target, None, Some(&json))
        .await
    {
        return internal(e);
    }
    Redirect::to("/analyst/themes").into_response()
}
