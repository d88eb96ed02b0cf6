//! Virtual MFA devices: their secret, who they are assigned to, and the last code step used.

use crate::protocol::iam::Tag;
use crate::protocol::xml::Timestamp;
use std::fmt;

/// Bytes in a virtual device's secret, as AWS makes them (a 32-character base32 seed).
pub const SEED_BYTES: usize = 20;

/// A device secret; `Debug` does not show it, so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed(pub [u8; SEED_BYTES]);

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed(..)")
    }
}

/// A virtual MFA device, kept by the lowercased path and name its serial number ends with.
#[derive(Debug, Clone)]
pub struct VirtualMfaDevice {
    /// Name as created.
    pub name: String,
    /// Path, `/` by default.
    pub path: String,
    /// The serial number: `arn:aws:iam::ACCOUNT:mfa{path}{name}`.
    pub serial: String,
    /// The TOTP secret.
    pub seed: Seed,
    /// Tags in the order set.
    pub tags: Vec<Tag>,
    /// The lowercased name of the user it is enabled for, and since when.
    pub assigned: Option<Assignment>,
    /// The last time step whose code was accepted: that code and older ones are refused.
    pub last_step: Option<u64>,
}

/// A device's user.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// The user's lowercased name.
    pub user: String,
    /// When EnableMFADevice ran.
    pub enabled: Timestamp,
}

impl VirtualMfaDevice {
    /// Whether the device is enabled for the user whose lowercased name is `user`.
    pub fn assigned_to(&self, user: &str) -> bool {
        self.assigned.as_ref().is_some_and(|a| a.user == user)
    }
}

/// The map key of the device `serial` names in `account`: the lowercased path and name after
/// `mfa`, or `None` when `serial` is not a virtual MFA device ARN of that account.
pub fn key_of_serial(account: &str, serial: &str) -> Option<String> {
    let rest = serial
        .strip_prefix("arn:aws:iam::")?
        .strip_prefix(account)?
        .strip_prefix(":mfa")?;
    rest.starts_with('/').then(|| rest.to_ascii_lowercase())
}

/// The map key of a device about to be created.
pub fn key(path: &str, name: &str) -> String {
    format!("{path}{name}").to_ascii_lowercase()
}
