//! Tags on users, roles, policies, instance profiles and the rest: one set of rules for all.

use crate::error::ApiError;
use crate::protocol::iam::Tag;
use crate::store::paging::{Page, page_iter};
use crate::store::quotas;

/// Applies `new` to `existing`: a key already present (case-insensitively, as IAM compares tag
/// keys) gets the new value, others are appended. Checked before anything changes.
pub fn apply(existing: &mut Vec<Tag>, new: Vec<Tag>) -> Result<(), ApiError> {
    check_request(&new)?;
    let added = new
        .iter()
        .filter(|t| !existing.iter().any(|e| e.key.eq_ignore_ascii_case(&t.key)))
        .count();
    if existing.len() + added > quotas::TAGS {
        return Err(ApiError::limit_exceeded(format!(
            "The number of tags has reached the maximum limit of {}.",
            quotas::TAGS
        )));
    }
    for tag in new {
        match existing
            .iter_mut()
            .find(|e| e.key.eq_ignore_ascii_case(&tag.key))
        {
            Some(e) => *e = tag,
            None => existing.push(tag),
        }
    }
    Ok(())
}

/// The tags of a create call, checked.
pub fn initial(tags: Option<Vec<Tag>>) -> Result<Vec<Tag>, ApiError> {
    let mut out = Vec::new();
    apply(&mut out, tags.unwrap_or_default())?;
    Ok(out)
}

/// Removes the tags with the given keys; absent keys are ignored, as AWS does.
pub fn remove(existing: &mut Vec<Tag>, keys: &[String]) {
    existing.retain(|t| !keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key)));
}

/// A page of tags (`ListUserTags` and its siblings).
pub fn page(
    tags: &[Tag],
    marker: Option<&str>,
    max_items: Option<i32>,
) -> Result<Page<Tag>, ApiError> {
    page_iter(tags.iter().cloned(), marker, max_items)
}

/// `Some(tags)` when there are any: AWS omits an empty `Tags` element.
pub fn shown(tags: &[Tag]) -> Option<Vec<Tag>> {
    (!tags.is_empty()).then(|| tags.to_vec())
}

fn check_request(tags: &[Tag]) -> Result<(), ApiError> {
    for (i, tag) in tags.iter().enumerate() {
        if tags
            .iter()
            .skip(i + 1)
            .any(|t| t.key.eq_ignore_ascii_case(&tag.key))
        {
            return Err(ApiError::invalid_input(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
            ));
        }
        if tag.key.len() >= 4
            && tag
                .key
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
        {
            return Err(ApiError::invalid_input(
                "User-defined tag keys can't start with 'aws:'.",
            ));
        }
    }
    Ok(())
}
