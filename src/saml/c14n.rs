//! Exclusive XML Canonicalization 1.0 without comments
//! (<https://www.w3.org/TR/xml-exc-c14n/>, over the rules of
//! <https://www.w3.org/TR/xml-c14n/#ProcessingModel>) of one element and everything below it:
//! the form XML-DSig digests and signs.
//!
//! - Elements are written as start and end tags, never as empty-element tags.
//! - A namespace declaration is written on an element when its prefix is visibly utilized there
//!   (the element's own prefix, `""` for an unprefixed element, or an attribute's prefix) or is
//!   listed in the `InclusiveNamespaces` prefix list, and no output ancestor already wrote the same
//!   prefix with the same URI. Declarations are sorted by prefix, the default namespace first.
//! - Attributes are sorted by namespace URI (none first), then local name.
//! - Text escapes `&`, `<`, `>` and carriage return; attribute values escape `&`, `<`, `"`, tab,
//!   line feed and carriage return.
//! - One element may be left out with everything inside it: the enveloped signature.

use super::dom::{Child, Element};
use std::collections::BTreeMap;

/// What to canonicalize besides the element itself.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// The element to leave out (the `Signature` of the enveloped-signature transform).
    pub exclude: Option<&'a Element>,
    /// The `InclusiveNamespaces` `PrefixList` (`#default` stands for the default namespace).
    pub inclusive: &'a [String],
}

/// The canonical form of `element` and its content.
pub fn canonicalize(element: &Element, options: Options<'_>) -> String {
    let mut out = String::new();
    write_element(element, &BTreeMap::new(), options, &mut out);
    out
}

fn qualified(prefix: Option<&str>, local: &str) -> String {
    match prefix {
        Some(p) => format!("{p}:{local}"),
        None => local.to_owned(),
    }
}

fn write_element(
    element: &Element,
    rendered: &BTreeMap<String, String>,
    options: Options<'_>,
    out: &mut String,
) {
    if options.exclude.is_some_and(|e| std::ptr::eq(e, element)) {
        return;
    }
    // The prefixes this element needs declared: visibly utilized ones, then the inclusive list.
    let mut wanted: Vec<String> = vec![element.prefix.clone().unwrap_or_default()];
    wanted.extend(element.attributes.iter().filter_map(|a| a.prefix.clone()));
    for prefix in options.inclusive {
        let prefix = if prefix == "#default" { "" } else { prefix };
        if prefix.is_empty() || element.scope.contains_key(prefix) {
            wanted.push(prefix.to_owned());
        }
    }
    wanted.retain(|p| p != "xml");
    wanted.sort();
    wanted.dedup();

    let mut now_rendered = rendered.clone();
    let mut declarations = String::new();
    for prefix in wanted {
        let uri = element.scope.get(&prefix).cloned().unwrap_or_default();
        let already = rendered.get(&prefix);
        let write = if prefix.is_empty() && uri.is_empty() {
            // `xmlns=""` only undoes a default namespace an output ancestor wrote.
            already.is_some_and(|u| !u.is_empty())
        } else {
            already != Some(&uri)
        };
        if write {
            let name = if prefix.is_empty() {
                "xmlns".to_owned()
            } else {
                format!("xmlns:{prefix}")
            };
            declarations.push(' ');
            declarations.push_str(&name);
            declarations.push_str("=\"");
            declarations.push_str(&escape_attribute(&uri));
            declarations.push('"');
            now_rendered.insert(prefix, uri);
        }
    }

    let mut attributes: Vec<_> = element.attributes.iter().collect();
    attributes.sort_by(|a, b| {
        (a.namespace.as_deref().unwrap_or_default(), &a.local)
            .cmp(&(b.namespace.as_deref().unwrap_or_default(), &b.local))
    });
    let name = qualified(element.prefix.as_deref(), &element.local);
    out.push('<');
    out.push_str(&name);
    out.push_str(&declarations);
    for attribute in attributes {
        out.push(' ');
        out.push_str(&qualified(attribute.prefix.as_deref(), &attribute.local));
        out.push_str("=\"");
        out.push_str(&escape_attribute(&attribute.value));
        out.push('"');
    }
    out.push('>');
    for child in &element.children {
        match child {
            Child::Element(e) => write_element(e, &now_rendered, options, out),
            Child::Text(t) => out.push_str(&escape_text(t)),
            Child::Instruction(target, data) => {
                out.push_str("<?");
                out.push_str(target);
                if !data.is_empty() {
                    out.push(' ');
                    out.push_str(data);
                }
                out.push_str("?>");
            }
        }
    }
    out.push_str("</");
    out.push_str(&name);
    out.push('>');
}

fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::saml::dom::parse;

    fn c14n(document: &str) -> String {
        canonicalize(&parse(document).unwrap(), Options::default())
    }

    // Each expected form below was worked out by hand from the rules in the module doc.

    #[test]
    fn empty_elements_attribute_order_and_quotes() {
        assert_eq!(
            c14n("<r b='2' a=\"1\"><e/>\n</r>"),
            "<r a=\"1\" b=\"2\"><e></e>\n</r>"
        );
    }

    #[test]
    fn attributes_sort_by_namespace_uri_then_local_name() {
        // urn:a sorts before urn:b although its prefix z sorts after y; unqualified first.
        assert_eq!(
            c14n(r#"<r xmlns:y="urn:b" xmlns:z="urn:a" y:k="1" z:k="2" b="3" z:a="4"/>"#),
            r#"<r xmlns:y="urn:b" xmlns:z="urn:a" b="3" z:a="4" z:k="2" y:k="1"></r>"#
        );
    }

    #[test]
    fn only_visibly_utilized_namespaces_are_declared_where_used() {
        let document = r#"<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns:unused="urn:u"><a:c><b:d/></a:c><e xmlns="urn:e"><f/></e></a:r>"#;
        assert_eq!(
            c14n(document),
            r#"<a:r xmlns:a="urn:a"><a:c><b:d xmlns:b="urn:b"></b:d></a:c><e xmlns="urn:e"><f></f></e></a:r>"#
        );
    }

    #[test]
    fn an_inner_element_inherits_declarations_from_outside_the_subset() {
        let root =
            parse(r#"<p:o xmlns:p="urn:p" xmlns:q="urn:q"><p:i ID="x"><q:j>v</q:j></p:i></p:o>"#)
                .unwrap();
        let inner = root.elements().next().unwrap();
        assert_eq!(
            canonicalize(inner, Options::default()),
            r#"<p:i xmlns:p="urn:p" ID="x"><q:j xmlns:q="urn:q">v</q:j></p:i>"#
        );
    }

    #[test]
    fn inclusive_prefixes_are_declared_though_unused() {
        let root = parse(r#"<r xmlns:xs="urn:xs" xmlns:n="urn:n"><v>xs:string</v></r>"#).unwrap();
        let inclusive = ["xs".to_owned()];
        let options = Options {
            exclude: None,
            inclusive: &inclusive,
        };
        assert_eq!(
            canonicalize(&root, options),
            r#"<r xmlns:xs="urn:xs"><v>xs:string</v></r>"#
        );
    }

    #[test]
    fn default_namespace_undeclared_only_below_a_written_default() {
        assert_eq!(
            c14n(r#"<r xmlns="urn:d"><c xmlns=""><g/></c></r>"#),
            r#"<r xmlns="urn:d"><c xmlns=""><g></g></c></r>"#
        );
        assert_eq!(c14n(r#"<r xmlns=""><c/></r>"#), "<r><c></c></r>");
    }

    #[test]
    fn escaping_of_text_and_attribute_values() {
        assert_eq!(
            c14n("<r a=\"&lt;&amp;&quot;&#9;&#10;&#13;'>\">&lt;&amp;&gt;\"'&#13;</r>"),
            "<r a=\"&lt;&amp;&quot;&#x9;&#xA;&#xD;'>\">&lt;&amp;&gt;\"'&#xD;</r>"
        );
        // Literal white space in an attribute value is normalized to spaces first.
        assert_eq!(c14n("<r a=\"x\ty\nz\"/>"), "<r a=\"x y z\"></r>");
    }

    #[test]
    fn comments_dropped_cdata_and_line_ends_normalized() {
        assert_eq!(
            c14n("<r><!--c-->a\r\nb<![CDATA[<&>]]><?p  d?></r>"),
            "<r>a\nb&lt;&amp;&gt;<?p d?></r>"
        );
    }

    #[test]
    fn the_excluded_element_disappears() {
        let root = parse(r#"<r><s xmlns="urn:s"><x/></s><t/></r>"#).unwrap();
        let signature = root.elements().next().unwrap();
        let options = Options {
            exclude: Some(signature),
            inclusive: &[],
        };
        assert_eq!(canonicalize(&root, options), "<r><t></t></r>");
    }
}
