//! Condition keys that no service and no global key list defines.
//!
//! As with actions (see `actions.rs`), Access Analyzer's ERRORs for unknown keys are WARNINGs here
//! because the service reference is a snapshot.

use super::finding::{Finding, FindingType};
use super::tree::StatementNode;
use crate::service_reference::ServiceReference;

/// Checks every condition key of the statement.
pub fn check(statement: &StatementNode<'_>, reference: &ServiceReference, out: &mut Vec<Finding>) {
    for entry in statement.condition_keys() {
        let key = entry.text;
        if reference.is_known_condition_key(key) {
            continue;
        }
        let (code, details) = match key.split_once(':') {
            None => (
                "INVALID_CONDITION_KEY_FORMAT",
                format!(
                    "The condition key {key} is not valid: a condition key is written \
                     prefix:KeyName, such as aws:SourceIp."
                ),
            ),
            // An OpenID Connect provider's keys are named after its URL
            // (`oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:sub`) and IAM accepts any
            // provider's, so keys under a host name are not checked.
            Some((prefix, _)) if prefix.contains('.') => continue,
            Some((prefix, _)) if prefix.eq_ignore_ascii_case("aws") => (
                "INVALID_GLOBAL_CONDITION_KEY",
                format!("The condition key {key} does not exist. Use a valid condition key."),
            ),
            Some((prefix, _)) => (
                "INVALID_SERVICE_CONDITION_KEY",
                format!(
                    "The condition key {key} does not exist in the service {prefix}. Use a \
                     valid condition key."
                ),
            ),
        };
        out.push(Finding::new(
            FindingType::Warning,
            code,
            details,
            vec![entry.location],
        ));
    }
}
