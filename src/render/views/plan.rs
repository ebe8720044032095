//! The view of the household plan page (`/plan/`): the settings its script reads. The page's content is
//! built by `static/plan*.js` from the plan in the browser and the directory file (`plan_directory`).

use super::ViewBuilder;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct PlanView {
    /// JSON for `<script id="plan-config" type="application/json">`: data, never run, so the CSP holds.
    pub config: String,
    /// `plan_expiry_days` of the config, for the privacy text.
    pub expiry_days: u32,
}

impl ViewBuilder<'_> {
    pub fn plan(&self) -> PlanView {
        let config = serde_json::json!({
            "directory": format!(
                "{}/{}",
                crate::plan_directory::PLAN_DIR,
                crate::plan_directory::DIRECTORY_FILE
            ),
            "strings": self.t.with_prefixes(&["planjs_", "day_"]),
        });
        PlanView {
            expiry_days: self.site.config.plan_expiry_days,
            // `<`, `>` and `&` as JSON escapes: no text can close the script element.
            config: config
                .to_string()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        }
    }
}
