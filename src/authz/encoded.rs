//! Encoded authorization messages: what a denial knew, in the JSON shape STS's
//! DecodeAuthorizationMessage returns
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html>),
//! wrapped so that only messages this emulator wrote decode. Every denial carries one in its
//! audit record.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use iam_policy::Context;
use serde_json::{Value, json};

/// What an encoded message starts with once decoded.
const MAGIC: &str = "localiam-authorization-message-v1:";

/// The request a message describes.
pub struct Described<'a> {
    /// Whether it was allowed.
    pub allowed: bool,
    /// Whether a Deny statement matched.
    pub explicit_deny: bool,
    /// The caller's ARN.
    pub principal_arn: &'a str,
    /// The caller's unique id.
    pub principal_id: &'a str,
    /// `service:Action`.
    pub action: &'a str,
    /// The resource's ARN.
    pub resource: &'a str,
    /// The request context.
    pub context: &'a Context,
}

/// The opaque message for `described`.
pub fn encode(described: &Described<'_>) -> String {
    let conditions: Vec<Value> = described
        .context
        .iter()
        .map(|(key, value)| {
            let values: Vec<Value> = value
                .values()
                .iter()
                .map(|v| json!({ "value": v }))
                .collect();
            json!({ "key": key, "values": { "items": values } })
        })
        .collect();
    let message = json!({
        "allowed": described.allowed,
        "explicitDeny": described.explicit_deny,
        "matchedStatements": { "items": [] },
        "failures": { "items": [] },
        "context": {
            "principal": { "id": described.principal_id, "arn": described.principal_arn },
            "action": described.action,
            "resource": described.resource,
            "conditions": { "items": conditions },
        },
    });
    STANDARD.encode(format!("{MAGIC}{message}"))
}

/// The JSON document an encoded message holds; `None` for anything this emulator did not write.
pub fn decode(encoded: &str) -> Option<String> {
    let bytes = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix(MAGIC).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_and_strangers_do_not_decode() {
        let mut context = Context::new();
        context.insert("aws:username", "bob");
        let encoded = encode(&Described {
            allowed: false,
            explicit_deny: true,
            principal_arn: "arn:aws:iam::123456789012:user/bob",
            principal_id: "AIDABOB",
            action: "iam:CreateUser",
            resource: "arn:aws:iam::123456789012:user/x",
            context: &context,
        });
        let decoded: Value = serde_json::from_str(&decode(&encoded).unwrap()).unwrap();
        assert_eq!(decoded["explicitDeny"], true);
        assert_eq!(decoded["context"]["action"], "iam:CreateUser");
        assert_eq!(
            decoded["context"]["conditions"]["items"][0]["values"]["items"][0]["value"],
            "bob"
        );
        assert_eq!(decode("bm90IG91cnM="), None);
        assert_eq!(decode("%%%"), None);
    }
}
