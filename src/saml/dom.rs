//! A small XML tree for signed SAML documents: elements with their prefixes, the namespace
//! declarations they make and the namespaces in scope, attributes and character data. Exclusive
//! canonicalization needs all of these as written, which a streaming reader does not keep.
//!
//! Comments are dropped (the canonical form without comments never shows them) and a document
//! type declaration is refused, so no entity other than the five predefined ones and character
//! references can appear.

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::BTreeMap;
use std::rc::Rc;

/// The namespace the `xml` prefix is bound to without a declaration.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// How deep elements may nest: far beyond any SAML response, and a bound on the recursion of
/// everything that walks the tree.
const MAX_DEPTH: usize = 64;

/// Prefix (`""` for the default namespace) to namespace URI (`""` where `xmlns=""` undeclares
/// the default).
pub type Scope = BTreeMap<String, String>;

/// An element.
#[derive(Debug)]
pub struct Element {
    /// The prefix as written, if any.
    pub prefix: Option<String>,
    /// The local name.
    pub local: String,
    /// The namespace URI the element is in, if any.
    pub namespace: Option<String>,
    /// The namespaces in scope here, the element's own declarations included.
    pub scope: Rc<Scope>,
    /// Attributes other than namespace declarations, in document order.
    pub attributes: Vec<Attribute>,
    /// Child elements, text and processing instructions, in document order.
    pub children: Vec<Child>,
}

/// An attribute, its value normalized as an XML processor reports it.
#[derive(Debug)]
pub struct Attribute {
    /// The prefix as written, if any.
    pub prefix: Option<String>,
    /// The local name.
    pub local: String,
    /// The namespace URI (none for an attribute without a prefix).
    pub namespace: Option<String>,
    /// The value.
    pub value: String,
}

/// What an element holds.
#[derive(Debug)]
pub enum Child {
    /// A child element.
    Element(Element),
    /// Character data (text, references and CDATA sections joined).
    Text(String),
    /// A processing instruction: its target and its data.
    Instruction(String, String),
}

impl Element {
    /// The value of the attribute without a namespace called `local`.
    pub fn attribute(&self, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// Whether the element is `local` in `namespace`.
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace.as_deref() == Some(namespace)
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Child::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The child elements that are `local` in `namespace`.
    pub fn children_named<'a>(
        &'a self,
        namespace: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(namespace, local))
    }

    /// The first child element that is `local` in `namespace`.
    pub fn child<'a>(&'a self, namespace: &'a str, local: &'a str) -> Option<&'a Element> {
        self.children_named(namespace, local).next()
    }

    /// The element's text content (its text children joined, trimmed).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            if let Child::Text(t) = child {
                out.push_str(t);
            }
        }
        out.trim().to_owned()
    }

    /// Calls `f` on this element and every element below it, in document order.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Element)) {
        f(self);
        for e in self.elements() {
            e.walk(f);
        }
    }
}

/// Splits `prefix:local`.
fn split(name: &str) -> (Option<String>, String) {
    match name.split_once(':') {
        Some((prefix, local)) => (Some(prefix.to_owned()), local.to_owned()),
        None => (None, name.to_owned()),
    }
}

/// The element a start tag opens, its names resolved against `parent`'s scope.
fn open(start: &BytesStart<'_>, parent: &Rc<Scope>) -> Option<Element> {
    let name = start.name().as_ref().to_owned();
    let mut declared: Vec<(String, String)> = Vec::new();
    let mut plain: Vec<(String, String)> = Vec::new();
    for attribute in start.attributes().with_checks(true) {
        let attribute = attribute.ok()?;
        let key = attribute.key.as_ref().to_owned();
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .ok()?
            .into_owned();
        if key == "xmlns" {
            declared.push((String::new(), value));
        } else if let Some(prefix) = key.strip_prefix("xmlns:") {
            // A prefix cannot be undeclared in XML 1.0 namespaces.
            if value.is_empty() {
                return None;
            }
            declared.push((prefix.to_owned(), value));
        } else {
            plain.push((key, value));
        }
    }
    let scope = if declared.is_empty() {
        Rc::clone(parent)
    } else {
        let mut scope = Scope::clone(parent);
        scope.extend(declared);
        Rc::new(scope)
    };
    let resolve = |prefix: Option<&str>, default: bool| -> Option<Option<String>> {
        match prefix {
            Some("xml") => Some(Some(XML_NAMESPACE.to_owned())),
            Some(p) => scope.get(p).map(|uri| Some(uri.clone())),
            None if default => Some(scope.get("").filter(|u| !u.is_empty()).cloned()),
            None => Some(None),
        }
    };
    let (prefix, local) = split(&name);
    let namespace = resolve(prefix.as_deref(), true)?;
    let mut attributes = Vec::with_capacity(plain.len());
    for (key, value) in plain {
        let (prefix, local) = split(&key);
        let namespace = resolve(prefix.as_deref(), false)?;
        attributes.push(Attribute {
            prefix,
            local,
            namespace,
            value,
        });
    }
    Some(Element {
        prefix,
        local,
        namespace,
        scope,
        attributes,
        children: Vec::new(),
    })
}

fn push_text(element: &mut Element, text: &str) {
    if let Some(Child::Text(last)) = element.children.last_mut() {
        last.push_str(text);
    } else {
        element.children.push(Child::Text(text.to_owned()));
    }
}

/// The document's root element, or `None` when the text is not a well-formed, namespace-valid
/// XML document without a DTD.
pub fn parse(document: &str) -> Option<Element> {
    let mut reader = Reader::from_str(document);
    reader.config_mut().expand_empty_elements = true;
    let mut open_elements: Vec<Element> = Vec::new();
    let mut root = None;
    let empty_scope = Rc::new(Scope::new());
    loop {
        let event = reader.read_event().ok()?;
        match event {
            Event::Start(start) => {
                if root.is_some() || open_elements.len() >= MAX_DEPTH {
                    return None;
                }
                let parent = open_elements.last().map_or(&empty_scope, |e| &e.scope);
                let element = open(&start, parent)?;
                open_elements.push(element);
            }
            Event::End(_) => {
                let done = open_elements.pop()?;
                match open_elements.last_mut() {
                    Some(parent) => parent.children.push(Child::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(text) => match open_elements.last_mut() {
                Some(element) => push_text(element, &text.xml10_content()),
                None if text.trim().is_empty() => {}
                None => return None,
            },
            Event::CData(data) => {
                push_text(open_elements.last_mut()?, &data.xml10_content());
            }
            Event::GeneralRef(reference) => {
                let element = open_elements.last_mut()?;
                let resolved = match reference.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => resolve_predefined_entity(&reference)?.to_owned(),
                };
                push_text(element, &resolved);
            }
            Event::PI(pi) => {
                if let Some(element) = open_elements.last_mut() {
                    element.children.push(Child::Instruction(
                        pi.target().to_owned(),
                        pi.content().trim_start().to_owned(),
                    ));
                }
            }
            // Empty-element tags come as a start and an end (`expand_empty_elements`).
            Event::DocType(_) | Event::Empty(_) => return None,
            Event::Comment(_) | Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    if open_elements.is_empty() { root } else { None }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn resolves_namespaces_and_keeps_text() {
        let root = parse(
            r#"<?xml version="1.0"?><a:r xmlns:a="urn:a" xmlns="urn:d" a:x="1" y="2"><c>t&amp;u<![CDATA[<v>]]></c><!-- no --><e xmlns=""/></a:r>"#,
        )
        .unwrap();
        assert!(root.is("urn:a", "r"));
        assert_eq!(root.attribute("y"), Some("2"));
        assert_eq!(root.attributes[0].namespace.as_deref(), Some("urn:a"));
        let c = root.child("urn:d", "c").unwrap();
        assert_eq!(c.text(), "t&u<v>");
        let e = root.elements().nth(1).unwrap();
        assert_eq!(e.namespace, None);
    }

    #[test]
    fn refuses_what_is_not_a_plain_namespaced_document() {
        assert!(parse("<!DOCTYPE r [<!ENTITY x 'y'>]><r>&x;</r>").is_none());
        assert!(parse("<p:r/>").is_none());
        assert!(parse("<r><s></r>").is_none());
        assert!(parse("<r/><r/>").is_none());
        assert!(parse("<r>&nope;</r>").is_none());
        let deep = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert!(parse(&deep).is_none());
    }
}
