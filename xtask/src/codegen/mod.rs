//! `cargo xtask codegen`: the protocol layer under `src/protocol/generated/`, from `model/`.

mod actions;
mod errors;
mod names;
mod shapes;

use crate::Res;
use crate::model::{SERVICES, model_file};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// One service model as read from `model/`.
pub struct Model {
    pub service: String,
    json: Value,
}

impl Model {
    fn load(root: &Path, service: &str, version: &str) -> Res<Self> {
        let text = std::fs::read_to_string(root.join("model").join(model_file(service, version)))?;
        Ok(Self {
            service: service.to_string(),
            json: serde_json::from_str(&text)?,
        })
    }

    fn ops(&self) -> &Map<String, Value> {
        self.json["operations"]
            .as_object()
            .unwrap_or_else(|| panic!("model has operations"))
    }

    pub fn shapes(&self) -> &Map<String, Value> {
        self.json["shapes"]
            .as_object()
            .unwrap_or_else(|| panic!("model has shapes"))
    }

    pub fn op_names(&self) -> Vec<&String> {
        self.ops().keys().collect()
    }

    pub fn input_shape(&self, op: &str) -> Option<String> {
        self.ops()[op]
            .get("input")
            .and_then(|i| i["shape"].as_str())
            .map(str::to_string)
    }

    /// Operations AWS serves without a signature (`smithy.api#noAuth` / `authtype: none`).
    pub fn is_unsigned(&self, op: &str) -> bool {
        let o = &self.ops()[op];
        o.get("authtype").and_then(Value::as_str) == Some("none")
            || o.get("auth")
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("smithy.api#noAuth")))
    }

    pub fn shape(&self, name: &str) -> &Value {
        self.shapes()
            .get(name)
            .unwrap_or_else(|| panic!("unknown shape {name}"))
    }

    pub fn kind(&self, name: &str) -> &str {
        self.shape(name)["type"].as_str().unwrap_or_default()
    }

    /// Shapes reachable from the inputs (`true`) or the outputs (`false`) of the operations.
    pub fn reachable(&self, inputs: bool) -> BTreeSet<String> {
        let key = if inputs { "input" } else { "output" };
        let mut seen = BTreeSet::new();
        let mut todo: Vec<String> = self
            .ops()
            .values()
            .filter_map(|o| o.get(key))
            .filter_map(|i| i["shape"].as_str())
            .map(str::to_string)
            .collect();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let s = self.shape(&name);
            for child in ["member", "key", "value"] {
                if let Some(c) = s.get(child).and_then(|c| c["shape"].as_str()) {
                    todo.push(c.to_string());
                }
            }
            if let Some(ms) = s.get("members").and_then(Value::as_object) {
                todo.extend(
                    ms.values()
                        .filter_map(|m| m["shape"].as_str())
                        .map(str::to_string),
                );
            }
        }
        seen
    }
}

pub fn run(root: &Path) -> Res {
    let models: Vec<Model> = SERVICES
        .iter()
        .map(|(s, v)| Model::load(root, s, v))
        .collect::<Res<_>>()?;
    let out = root.join("src/protocol/generated");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let mut written = Vec::new();
    let mut write = |rel: String, text: String| -> Res {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
        Ok(())
    };
    write("mod.rs".into(), "//! Code generated from the AWS service models by `cargo xtask codegen`; do not edit.\n// Generated code is checked by its generator and its tests, not held to the pedantic style lints.\n#![allow(clippy::pedantic, clippy::style, clippy::complexity)]\n\npub mod actions;\npub mod errors;\npub mod iam;\npub mod request;\npub mod sts;\n".into())?;
    write("actions.rs".into(), actions::actions(&models))?;
    write("request.rs".into(), actions::request(&models))?;
    write("errors.rs".into(), errors::errors(&models))?;
    for m in &models {
        for (name, text) in shapes::service_files(m) {
            write(format!("{}/{name}", m.service), text)?;
        }
    }
    let status = Command::new("rustfmt")
        .arg("--edition")
        .arg("2024")
        .args(&written)
        .status()?;
    if !status.success() {
        return Err("rustfmt failed on generated code".into());
    }
    println!(
        "codegen: wrote {} files under src/protocol/generated",
        written.len()
    );
    Ok(())
}
