//! A request's parameters as CloudTrail shows them in `requestParameters`: camelCase names,
//! `member.N` lists as arrays, and every secret or password replaced by
//! `HIDDEN_DUE_TO_SECURITY_REASONS`, as CloudTrail does.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What replaces a secret.
pub const HIDDEN: &str = "HIDDEN_DUE_TO_SECURITY_REASONS";

/// Parameter names (lowercased) whose value is hidden, whatever they hold: passwords, secret
/// keys, private keys, session tokens, identity assertions and one-time codes.
const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "secret",
    "secretaccesskey",
    "privatekey",
    "token",
    "assertion",
    "tokencode",
    "authenticationcode1",
    "authenticationcode2",
];

/// Whether a parameter named `name` (as sent, `NewPassword`) holds a secret.
pub fn is_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// The values of the secret parameters among `params`, so that a message which quotes the request
/// (a signature mismatch shows the canonical request) can be scrubbed of them.
pub fn secret_values<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    params
        .into_iter()
        .filter(|(key, value)| !value.is_empty() && key.split('.').any(is_secret))
        .map(|(_, value)| value.to_owned())
        .collect()
}

/// `text` with every secret, as sent or percent-encoded as SigV4 encodes it, hidden.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    const URI: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    let mut text = text.to_owned();
    for secret in secrets {
        let encoded = percent_encoding::utf8_percent_encode(secret, URI).to_string();
        let plus = form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>();
        for form in [secret.as_str(), encoded.as_str(), plus.as_str()] {
            if text.contains(form) {
                text = text.replace(form, HIDDEN);
            }
        }
    }
    text
}

/// Parameters on their dots, before they become JSON.
#[derive(Default)]
struct Tree<'a> {
    value: Option<&'a str>,
    children: BTreeMap<&'a str, Tree<'a>>,
}

/// The `requestParameters` of a request whose operation parameters (envelope excluded) are
/// `params`; `null` when there are none.
pub fn request_parameters<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    let mut root = Tree::default();
    for (key, value) in params {
        let mut node = &mut root;
        for part in key.split('.') {
            node = node.children.entry(part).or_default();
        }
        node.value = Some(value);
    }
    if root.children.is_empty() {
        Value::Null
    } else {
        object(&root)
    }
}

fn to_json(name: &str, node: &Tree<'_>) -> Value {
    if is_secret(name) {
        return Value::String(HIDDEN.to_owned());
    }
    if node.children.is_empty() {
        return node
            .value
            .map_or(Value::Null, |v| Value::String(v.to_owned()));
    }
    // `Tags.member.1.Key` and `Attributes.entry.1.key`: the wrapper carries the list.
    if node.children.len() == 1
        && let Some(list) = node
            .children
            .get("member")
            .or_else(|| node.children.get("entry"))
    {
        return array(name, list);
    }
    if node.children.keys().all(|k| k.parse::<u32>().is_ok()) {
        return array(name, node);
    }
    object(node)
}

/// Numbered children in their numeric order.
fn array(name: &str, node: &Tree<'_>) -> Value {
    let mut items: Vec<(u32, &Tree<'_>)> = node
        .children
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
        .collect();
    items.sort_by_key(|(n, _)| *n);
    Value::Array(items.into_iter().map(|(_, v)| to_json(name, v)).collect())
}

fn object(node: &Tree<'_>) -> Value {
    let map: Map<String, Value> = node
        .children
        .iter()
        .map(|(k, v)| (camel_case(k), to_json(k, v)))
        .collect();
    Value::Object(map)
}

/// `UserName` -> `userName`, `SAMLAssertion` -> `samlAssertion`, `RoleARN` -> `roleARN`... the
/// leading capitals are lowered, except the one that starts the next word.
fn camel_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let upper = chars.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let lowered = if upper > 1 && upper < chars.len() {
        upper - 1
    } else {
        upper
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < lowered {
                c.to_ascii_lowercase()
            } else {
                *c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_are_camel_case() {
        assert_eq!(camel_case("UserName"), "userName");
        assert_eq!(camel_case("SAMLAssertion"), "samlAssertion");
        assert_eq!(camel_case("RoleArn"), "roleArn");
        assert_eq!(camel_case("ARN"), "arn");
        assert_eq!(camel_case("key"), "key");
    }

    #[test]
    fn lists_and_structures_are_nested() {
        let v = request_parameters([
            ("UserName", "bob"),
            ("Tags.member.2.Key", "b"),
            ("Tags.member.2.Value", "2"),
            ("Tags.member.10.Key", "c"),
            ("Tags.member.10.Value", "3"),
            ("Tags.member.1.Key", "a"),
            ("Tags.member.1.Value", "1"),
            ("ClientIDList.member.1", "x"),
        ]);
        assert_eq!(
            v,
            json!({
                "userName": "bob",
                "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}, {"key": "c", "value": "3"}],
                "clientIDList": ["x"],
            })
        );
    }

    #[test]
    fn no_parameters_is_null() {
        assert_eq!(request_parameters([]), Value::Null);
    }

    #[test]
    fn secrets_and_passwords_are_hidden() {
        let v = request_parameters([
            ("UserName", "bob"),
            ("Password", "p4ss"),
            ("PasswordResetRequired", "true"),
            ("OldPassword", "old-pw-1"),
            ("NewPassword", "new-pw-2"),
            ("SecretAccessKey", "s3cr3t"),
            ("PrivateKey", "-----BEGIN"),
            ("SessionToken", "tok-3"),
            ("SAMLAssertion", "PHNhbWw+"),
            ("WebIdentityToken", "eyJ"),
            ("TokenCode", "123456"),
            ("AuthenticationCode1", "111111"),
            ("AuthenticationCode2", "222222"),
            ("ProvidedContexts.member.1.ContextAssertion", "ctx-4"),
        ]);
        let text = v.to_string();
        for secret in [
            "p4ss", "old-pw-1", "new-pw-2", "s3cr3t", "BEGIN", "tok-3", "PHNhbWw", "eyJ", "123456",
            "111111", "222222", "ctx-4",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
        assert_eq!(v["password"], HIDDEN);
        assert_eq!(v["newPassword"], HIDDEN);
        assert_eq!(v["secretAccessKey"], HIDDEN);
        assert_eq!(v["passwordResetRequired"], "true");
        assert_eq!(v["userName"], "bob");
    }

    #[test]
    fn messages_are_scrubbed_of_secrets_in_every_encoding() {
        let secrets = secret_values([
            ("UserName", "bob"),
            ("Password", "p@ss word/1"),
            ("Tags.member.1.Value", "v"),
        ]);
        assert_eq!(secrets, ["p@ss word/1"]);
        let message = "raw p@ss word/1 sigv4 p%40ss%20word%2F1 form p%40ss+word%2F1 user bob";
        assert_eq!(
            scrub(message, &secrets),
            format!("raw {HIDDEN} sigv4 {HIDDEN} form {HIDDEN} user bob")
        );
    }

    #[test]
    fn a_secret_with_members_is_hidden_whole() {
        let v = request_parameters([("Password.member.1", "a"), ("Password.member.2", "b")]);
        assert_eq!(v, json!({ "password": HIDDEN }));
    }
}
