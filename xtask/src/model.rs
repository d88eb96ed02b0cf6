//! `cargo xtask model [BOTOCORE_DIR]`: copies the botocore IAM and STS service models into `model/`,
//! stripped of documentation, and records the botocore version and SHA-256 sums.

use crate::Res;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// The services we emulate: (service, API version, model file name in `model/`).
pub const SERVICES: [(&str, &str); 2] = [("iam", "2010-05-08"), ("sts", "2011-06-15")];

/// Path of a stripped model inside `model/`.
pub fn model_file(service: &str, version: &str) -> String {
    format!("{service}-{version}.json")
}

pub fn import(root: &Path, dir: Option<&str>) -> Res {
    let botocore = match dir {
        Some(d) => d.to_string(),
        None => python(&[
            "-c",
            "import botocore,os;print(os.path.dirname(botocore.__file__))",
        ])?,
    };
    let version = python(&["-c", "import botocore;print(botocore.__version__)"])?;
    let mut sums = String::new();
    for (service, api) in SERVICES {
        let src = format!("{botocore}/data/{service}/{api}/service-2.json.gz");
        let raw = std::fs::read(&src)?;
        let mut text = String::new();
        flate2::read::GzDecoder::new(raw.as_slice()).read_to_string(&mut text)?;
        let mut model: Value = serde_json::from_str(&text)?;
        strip(&mut model);
        let out = serde_json::to_string_pretty(&model)? + "\n";
        let name = model_file(service, api);
        std::fs::write(root.join("model").join(&name), &out)?;
        writeln!(
            sums,
            "{}  botocore/data/{service}/{api}/service-2.json.gz",
            hex(&raw)
        )?;
        writeln!(sums, "{}  {name}", hex(out.as_bytes()))?;
    }
    std::fs::write(root.join("model/VERSION"), format!("botocore {version}\n"))?;
    std::fs::write(root.join("model/SHA256SUMS"), sums)?;
    println!("model: imported botocore {version}");
    Ok(())
}

fn python(args: &[&str]) -> Res<String> {
    let out = Command::new("python3").args(args).output()?;
    if !out.status.success() {
        return Err("python3 with botocore is needed to locate the models".into());
    }
    Ok(String::from_utf8(out.stdout)?.trim().to_string())
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Documentation is most of the model's bytes and none of its meaning for us.
fn strip(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("documentation");
            map.remove("documentationUrl");
            for child in map.values_mut() {
                strip(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}
