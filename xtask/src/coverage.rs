//! `cargo xtask coverage`: which operations have a handler. An operation counts as implemented when
//! the dispatcher in `src/actions/` matches its `Request::<Operation>` variant.

use crate::Res;
use crate::model::{SERVICES, model_file};
use serde_json::Value;
use std::path::Path;

pub fn run(root: &Path, markdown: bool) -> Res {
    let mut handled = String::new();
    collect(&root.join("src/actions"), &mut handled)?;
    for (service, version) in SERVICES {
        let text = std::fs::read_to_string(root.join("model").join(model_file(service, version)))?;
        let model: Value = serde_json::from_str(&text)?;
        let ops: Vec<&String> = model["operations"]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        let done: Vec<&&String> = ops.iter().filter(|o| is_handled(&handled, o)).collect();
        let missing: Vec<&&String> = ops.iter().filter(|o| !is_handled(&handled, o)).collect();
        if markdown {
            println!(
                "### {} ({}/{})\n",
                service.to_uppercase(),
                done.len(),
                ops.len()
            );
            println!("| operation | status |\n|---|---|");
            for op in &ops {
                println!(
                    "| {op} | {} |",
                    if is_handled(&handled, op) {
                        "implemented"
                    } else {
                        "not yet"
                    }
                );
            }
            println!();
        } else {
            println!(
                "{}: {}/{} implemented",
                service.to_uppercase(),
                done.len(),
                ops.len()
            );
            if !missing.is_empty() {
                println!(
                    "  missing: {}",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    Ok(())
}

fn is_handled(src: &str, op: &str) -> bool {
    src.contains(&format!("Request::{op}(")) || src.contains(&format!("Request::{op} "))
}

fn collect(dir: &Path, out: &mut String) -> Res {
    if !dir.exists() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&std::fs::read_to_string(&path)?);
        }
    }
    Ok(())
}
