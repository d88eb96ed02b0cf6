//! What a user's access keys, SSH public keys and signing certificates share: an id, an
//! `Active`/`Inactive` status, and the same Update and Delete operations on the user's list.

use crate::error::ApiError;
use crate::protocol::iam::StatusType;
use crate::store::entities::{AccessKey, SigningCertificate, SshPublicKey};

/// A user's credential with an id and a status.
pub trait Credential {
    /// Its id.
    fn id(&self) -> &str;
    /// Whether it is active, to change.
    fn active_mut(&mut self) -> &mut bool;
}

impl Credential for AccessKey {
    fn id(&self) -> &str {
        &self.id
    }
    fn active_mut(&mut self) -> &mut bool {
        &mut self.active
    }
}

impl Credential for SshPublicKey {
    fn id(&self) -> &str {
        &self.id
    }
    fn active_mut(&mut self) -> &mut bool {
        &mut self.active
    }
}

impl Credential for SigningCertificate {
    fn id(&self) -> &str {
        &self.id
    }
    fn active_mut(&mut self) -> &mut bool {
        &mut self.active
    }
}

/// The status of a credential that is `active` or not.
pub fn status(active: bool) -> StatusType {
    if active {
        StatusType::Active
    } else {
        StatusType::Inactive
    }
}

/// Whether setting `status` on a credential (`what`, such as "an access key") makes it active:
/// `Expired` is in the enumeration for credentials that expire, and is never set by hand.
pub fn settable(status: StatusType, what: &str) -> Result<bool, ApiError> {
    match status {
        StatusType::Active => Ok(true),
        StatusType::Inactive => Ok(false),
        StatusType::Expired => Err(ApiError::invalid_input(format!(
            "Invalid status Expired for {what}: use Active or Inactive."
        ))),
    }
}

/// Activates or deactivates the credential `id` of `list`; `missing(id)` when there is none.
pub fn update<C: Credential>(
    list: &mut [C],
    id: &str,
    active: bool,
    missing: fn(&str) -> ApiError,
) -> Result<(), ApiError> {
    let credential = list.iter_mut().find(|c| c.id() == id);
    *credential.ok_or_else(|| missing(id))?.active_mut() = active;
    Ok(())
}

/// Removes the credential `id` from `list`; `missing(id)` when there is none.
pub fn delete<C: Credential>(
    list: &mut Vec<C>,
    id: &str,
    missing: fn(&str) -> ApiError,
) -> Result<(), ApiError> {
    let position = list.iter().position(|c| c.id() == id);
    list.remove(position.ok_or_else(|| missing(id))?);
    Ok(())
}
