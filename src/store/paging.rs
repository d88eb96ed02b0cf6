//! Marker/MaxItems pagination, the same everywhere: a page of items plus the marker of the next.

use crate::error::ApiError;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::BTreeMap;
use std::ops::Bound;

/// AWS's default page size when MaxItems is absent.
pub const DEFAULT_MAX_ITEMS: usize = 100;

/// One page of a listing.
#[derive(Debug)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// Where the next page starts, when there is one.
    pub marker: Option<String>,
}

impl<T> Page<T> {
    /// Whether more items follow (`IsTruncated`).
    pub fn is_truncated(&self) -> bool {
        self.marker.is_some()
    }

    /// The same page with each item transformed.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            marker: self.marker,
        }
    }
}

fn limit(max_items: Option<i32>) -> usize {
    max_items
        .and_then(|m| usize::try_from(m).ok())
        .filter(|m| *m > 0)
        .unwrap_or(DEFAULT_MAX_ITEMS)
}

/// The error for a marker this listing did not hand out.
pub fn bad_marker() -> ApiError {
    ApiError::validation(
        "1 validation error detected: Value at 'marker' failed to satisfy constraint: Invalid marker",
    )
}

/// Pages through a name-keyed map in key order, keeping the items `keep` accepts. Markers carry the
/// key to resume from, so a page costs O(page) whatever the map's size.
pub fn page_map<'a, T>(
    map: &'a BTreeMap<String, T>,
    marker: Option<&str>,
    max_items: Option<i32>,
    mut keep: impl FnMut(&T) -> bool,
) -> Result<Page<&'a T>, ApiError> {
    let start = match marker {
        Some(m) => {
            let raw = URL_SAFE_NO_PAD.decode(m).map_err(|_| bad_marker())?;
            Bound::Included(String::from_utf8(raw).map_err(|_| bad_marker())?)
        }
        None => Bound::Unbounded,
    };
    let limit = limit(max_items);
    let mut items = Vec::with_capacity(limit.min(map.len()));
    let mut marker = None;
    for (key, item) in map.range((start, Bound::Unbounded)) {
        if !keep(item) {
            continue;
        }
        if items.len() == limit {
            marker = Some(URL_SAFE_NO_PAD.encode(key));
            break;
        }
        items.push(item);
    }
    Ok(Page { items, marker })
}

/// Pages through any ordered sequence by position.
pub fn page_iter<T>(
    items: impl IntoIterator<Item = T>,
    marker: Option<&str>,
    max_items: Option<i32>,
) -> Result<Page<T>, ApiError> {
    let skip = match marker {
        Some(m) => {
            let raw = URL_SAFE_NO_PAD.decode(m).map_err(|_| bad_marker())?;
            let text = String::from_utf8(raw).map_err(|_| bad_marker())?;
            text.strip_prefix('#')
                .and_then(|n| n.parse::<usize>().ok())
                .ok_or_else(bad_marker)?
        }
        None => 0,
    };
    let limit = limit(max_items);
    let mut iter = items.into_iter().skip(skip);
    let page: Vec<T> = iter.by_ref().take(limit).collect();
    let marker = iter
        .next()
        .map(|_| URL_SAFE_NO_PAD.encode(format!("#{}", skip + limit)));
    Ok(Page {
        items: page,
        marker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_pages_cover_every_item_once() {
        let map: BTreeMap<String, u32> = (0..25).map(|i| (format!("k{i:02}"), i)).collect();
        let mut seen = Vec::new();
        let mut marker = None;
        loop {
            let page = page_map(&map, marker.as_deref(), Some(10), |v| v % 2 == 0).unwrap();
            seen.extend(page.items.iter().map(|v| **v));
            marker = page.marker;
            if marker.is_none() {
                break;
            }
        }
        assert_eq!(seen, (0..25).filter(|v| v % 2 == 0).collect::<Vec<_>>());
    }

    #[test]
    fn iter_pages_and_bad_markers() {
        let page = page_iter(0..5, None, Some(2)).unwrap();
        assert_eq!(page.items, vec![0, 1]);
        let next = page_iter(0..5, page.marker.as_deref(), Some(2)).unwrap();
        assert_eq!(next.items, vec![2, 3]);
        assert!(page_iter(0..5, Some("!!"), None).is_err());
    }
}
