//! The request's parameters as authorization reads them: by their wire names, already checked by
//! the decoder, so one reader serves every operation without a match over their input types.

use crate::protocol::decode::Node;

/// The operation's input parameters (the envelope left out).
#[derive(Clone, Copy)]
pub struct Input<'a>(pub &'a Node);

impl<'a> Input<'a> {
    /// The value of the top-level parameter `name` (`UserName`).
    pub fn text(self, name: &str) -> Option<&'a str> {
        self.0.child(name).and_then(Node::value)
    }

    /// The members of the list parameter `name` (`TagKeys.member.N`), in no particular order.
    pub fn list(self, name: &str) -> impl Iterator<Item = &'a Node> {
        self.0
            .child(name)
            .and_then(|list| list.child("member"))
            .into_iter()
            .flat_map(|members| members.children().map(|(_, member)| member))
    }

    /// The values of the list of strings `name`.
    pub fn strings(self, name: &str) -> impl Iterator<Item = &'a str> {
        self.list(name).filter_map(Node::value)
    }

    /// The `Tags` parameter as key and value pairs.
    pub fn tags(self) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.list("Tags").filter_map(|tag| {
            Some((
                tag.child("Key")?.value()?,
                tag.child("Value").and_then(Node::value).unwrap_or(""),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_values_lists_and_tags() {
        let node = Node::from_params([
            ("UserName", "alice"),
            ("TagKeys.member.1", "team"),
            ("TagKeys.member.2", "cost"),
            ("Tags.member.1.Key", "team"),
            ("Tags.member.1.Value", "blue"),
            ("Tags.member.2.Key", "empty"),
        ])
        .expect("params");
        let input = Input(&node);
        assert_eq!(input.text("UserName"), Some("alice"));
        assert_eq!(input.text("Path"), None);
        let mut keys: Vec<_> = input.strings("TagKeys").collect();
        keys.sort_unstable();
        assert_eq!(keys, ["cost", "team"]);
        let mut tags: Vec<_> = input.tags().collect();
        tags.sort_unstable();
        assert_eq!(tags, [("empty", ""), ("team", "blue")]);
        assert_eq!(input.strings("Nothing").count(), 0);
    }
}
