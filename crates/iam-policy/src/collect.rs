//! Collecting fallible items into a vector sized once.

/// Collects `items` into a vector of their exact number, stopping at the first error.
/// `collect::<Result<Vec<_>, _>>()` cannot know the length in advance and doubles its buffer as
/// it goes, copying large elements (statements) several times.
pub(crate) fn exact<T, E>(items: impl ExactSizeIterator<Item = Result<T, E>>) -> Result<Vec<T>, E> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(item?);
    }
    Ok(out)
}
