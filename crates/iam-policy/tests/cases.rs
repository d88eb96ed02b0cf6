//! Table-driven cases written from AWS's documentation, one JSON file per topic under
//! `tests/cases/`. Each case is either a batch request with the decision AWS documents for it,
//! or a policy document with the `MalformedPolicyDocument` text AWS answers it with. Every
//! failure is collected and reported together.

// Inside a cfg(test) module so the workspace's test allowances (unwrap, panic, indexing) apply
// to the helpers too.
#[cfg(test)]
mod cases {
    use std::fmt::Write as _;
    use std::fs;
    use std::path::{Path, PathBuf};

    use iam_policy::batch::{BatchRequest, evaluate};
    use iam_policy::compile::{CompiledPolicy, PolicySource, SourceType};
    use iam_policy::parse::PolicyKind;
    use serde_json::Value;

    const MIN_CASES: usize = 300;
    const DOC_PREFIX: &str = "https://docs.aws.amazon.com/";

    fn case_files() -> Vec<PathBuf> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        files
    }

    fn kind_named(name: &str) -> Option<PolicyKind> {
        Some(match name {
            "Identity" => PolicyKind::Identity,
            "Resource" => PolicyKind::Resource,
            "Trust" => PolicyKind::Trust,
            "PermissionsBoundary" => PolicyKind::PermissionsBoundary,
            "Session" => PolicyKind::Session,
            "Scp" => PolicyKind::Scp,
            "Rcp" => PolicyKind::Rcp,
            _ => return None,
        })
    }

    /// Sorted lowercase strings of a JSON array of strings (nulls as "").
    fn string_set(value: &Value) -> Vec<String> {
        let mut out: Vec<String> = value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|v| v.as_str().unwrap_or("").to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// Runs a request case; `Err` says what differed.
    fn run_request(case: &Value) -> Result<(), String> {
        let request: BatchRequest = serde_json::from_value(case["request"].clone())
            .map_err(|e| format!("unreadable request: {e}"))?;
        let expect = case["expect"].as_str().ok_or("no \"expect\"")?;
        let response = evaluate(&request).map_err(|e| {
            format!(
                "expected {expect}, got error {:?}: {} (policy {:?}, at {:?})",
                e.code, e.message, e.policy, e.position
            )
        })?;
        let answer = serde_json::to_value(&response).map_err(|e| e.to_string())?;
        let mut problems = Vec::new();
        if answer["decision"] != expect {
            problems.push(format!(
                "expected {expect}, got {}",
                answer["decision"].as_str().unwrap_or("?")
            ));
        }
        if let Some(sids) = case.get("matched_sids") {
            let got: Vec<Value> = answer["matched_statements"]
                .as_array()
                .map(|m| m.iter().map(|s| s["sid"].clone()).collect())
                .unwrap_or_default();
            let got = Value::Array(got);
            if string_set(sids) != string_set(&got) {
                problems.push(format!("expected matched sids {sids}, got {got}"));
            }
        }
        if let Some(keys) = case.get("missing_context_keys") {
            let got = &answer["missing_context_keys"];
            if string_set(keys) != string_set(got) {
                problems.push(format!("expected missing context keys {keys}, got {got}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("; "))
        }
    }

    /// Runs a parse-error case; `Err` says what differed.
    fn run_parse_error(case: &Value) -> Result<(), String> {
        let kind_name = case["kind"].as_str().ok_or("no \"kind\"")?;
        let kind = kind_named(kind_name).ok_or_else(|| format!("unknown kind {kind_name}"))?;
        let expected = case["expect_error"].as_str().ok_or("no \"expect_error\"")?;
        let text = match &case["policy"] {
            Value::String(text) => text.clone(),
            other => serde_json::to_string_pretty(other).map_err(|e| e.to_string())?,
        };
        let source = PolicySource {
            id: "case".to_owned(),
            source_type: SourceType::None,
        };
        match CompiledPolicy::compile(&text, kind, source) {
            Ok(_) => Err(format!(
                "expected error \"{expected}\", got a compiled policy"
            )),
            Err(e) if e.message.starts_with(expected) => Ok(()),
            Err(e) => Err(format!(
                "expected error \"{expected}\", got \"{}\"",
                e.message
            )),
        }
    }

    /// Checks a case's shape and runs it; `Err` says what went wrong.
    fn run_case(case: &Value) -> Result<(), String> {
        let doc = case["doc"].as_str().unwrap_or("");
        if !doc.starts_with(DOC_PREFIX) {
            return Err(format!("doc URL must start with {DOC_PREFIX}: \"{doc}\""));
        }
        match (case.get("request"), case.get("policy")) {
            (Some(_), None) => run_request(case),
            (None, Some(_)) => run_parse_error(case),
            _ => Err("a case needs exactly one of \"request\" and \"policy\"".to_owned()),
        }
    }

    #[test]
    fn documented_cases() {
        let mut total = 0;
        let mut failures = Vec::new();
        for path in case_files() {
            let file = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
            let cases: Vec<Value> =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut names = std::collections::HashSet::new();
            for case in &cases {
                total += 1;
                let name = case["name"].as_str().unwrap_or("<unnamed>");
                let outcome = if names.insert(name) {
                    run_case(case)
                } else {
                    Err("duplicate case name in this file".to_owned())
                };
                if let Err(why) = outcome {
                    failures.push(format!("{file}: {name}: {why}"));
                }
            }
        }
        if total < MIN_CASES {
            failures.push(format!("only {total} cases; at least {MIN_CASES} expected"));
        }
        let mut report = String::new();
        for failure in &failures {
            let _ = writeln!(report, "  {failure}");
        }
        assert!(
            failures.is_empty(),
            "{} of {total} cases failed:\n{report}",
            failures.len()
        );
    }
}
