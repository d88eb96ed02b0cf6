//! Principal and NotPrincipal matching, per
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html>
//! and <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html>.

use super::{PrincipalMatch, PrincipalMatcher};
use crate::parse::{Effect, INVALID_PRINCIPAL, PolicyKind, parse_policy};
use crate::request::{PrincipalType, RequestPrincipal};

const ACCOUNT: &str = "111122223333";
const OTHER: &str = "444455556666";

fn matcher(element: &str, principal: &str) -> Result<PrincipalMatcher, String> {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","{element}":{principal},"Action":"s3:*","Resource":"*"}}}}"#
    );
    let policy = parse_policy(&text, PolicyKind::Resource).map_err(|e| e.message)?;
    let block = policy
        .statements
        .first()
        .and_then(|s| s.principal.clone())
        .ok_or("no principal")?;
    PrincipalMatcher::compile(&block).map_err(|e| e.message)
}

fn principal(kind: PrincipalType, arn: &str, source: Option<&str>) -> RequestPrincipal {
    let account = arn.split(':').nth(4).unwrap_or_default().to_owned();
    RequestPrincipal {
        arn: arn.to_owned(),
        account,
        principal_type: kind,
        source_arn: source.map(str::to_owned),
    }
}

fn user(account: &str, name: &str) -> RequestPrincipal {
    principal(
        PrincipalType::User,
        &format!("arn:aws:iam::{account}:user/{name}"),
        None,
    )
}

fn session(account: &str, role: &str, name: &str) -> RequestPrincipal {
    principal(
        PrincipalType::AssumedRole,
        &format!("arn:aws:sts::{account}:assumed-role/{role}/{name}"),
        Some(&format!("arn:aws:iam::{account}:role/{role}")),
    )
}

fn root(account: &str) -> RequestPrincipal {
    principal(
        PrincipalType::Account,
        &format!("arn:aws:iam::{account}:root"),
        None,
    )
}

fn named(principal_json: &str, who: &RequestPrincipal) -> Option<PrincipalMatch> {
    matcher("Principal", principal_json)
        .unwrap()
        .matches(who, Effect::Allow, false)
}

#[test]
fn star_names_everyone_in_both_spellings() {
    let anonymous = principal(PrincipalType::Anonymous, "*", None);
    let service = principal(PrincipalType::Service, "ec2.amazonaws.com", None);
    for element in [r#""*""#, r#"{"AWS":"*"}"#] {
        for who in [
            user(ACCOUNT, "Bob"),
            session(OTHER, "R", "s"),
            root(ACCOUNT),
            anonymous.clone(),
            service.clone(),
        ] {
            assert_eq!(
                named(element, &who),
                Some(PrincipalMatch::Direct),
                "{element}"
            );
        }
    }
}

#[test]
fn account_names_every_principal_of_the_account() {
    let fed = principal(
        PrincipalType::FederatedUser,
        &format!("arn:aws:sts::{ACCOUNT}:federated-user/f"),
        Some(&format!("arn:aws:iam::{ACCOUNT}:user/Bob")),
    );
    for element in [
        format!(r#"{{"AWS":"{ACCOUNT}"}}"#),
        format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}}"#),
    ] {
        for who in [
            user(ACCOUNT, "Bob"),
            session(ACCOUNT, "R", "s"),
            root(ACCOUNT),
            fed.clone(),
        ] {
            assert_eq!(named(&element, &who), Some(PrincipalMatch::Account));
        }
        assert_eq!(named(&element, &user(OTHER, "Bob")), None);
        let service = principal(PrincipalType::Service, ACCOUNT, None);
        assert_eq!(named(&element, &service), None);
    }
}

#[test]
fn user_arn_names_that_user_case_sensitively() {
    let element = format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:user/Bob"}}"#);
    assert_eq!(
        named(&element, &user(ACCOUNT, "Bob")),
        Some(PrincipalMatch::Direct)
    );
    assert_eq!(named(&element, &user(ACCOUNT, "bob")), None);
    assert_eq!(named(&element, &user(ACCOUNT, "Bobby")), None);
    let with_path = format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:user/team/Bob"}}"#);
    assert_eq!(
        named(
            &with_path,
            &principal(
                PrincipalType::User,
                &format!("arn:aws:iam::{ACCOUNT}:user/team/Bob"),
                None
            )
        ),
        Some(PrincipalMatch::Direct)
    );
}

#[test]
fn user_arn_names_its_federated_user_sessions_as_source() {
    // denyallow page: a grant "to the ARN of the IAM user who federated" limits the session.
    let element = format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:user/Bob"}}"#);
    let fed = principal(
        PrincipalType::FederatedUser,
        &format!("arn:aws:sts::{ACCOUNT}:federated-user/app"),
        Some(&format!("arn:aws:iam::{ACCOUNT}:user/Bob")),
    );
    assert_eq!(named(&element, &fed), Some(PrincipalMatch::Source));
    let session_element = format!(r#"{{"AWS":"arn:aws:sts::{ACCOUNT}:federated-user/app"}}"#);
    assert_eq!(named(&session_element, &fed), Some(PrincipalMatch::Direct));
}

#[test]
fn role_arn_names_the_roles_sessions_as_source() {
    let element = format!(r#"{{"AWS":"arn:aws:iam::{ACCOUNT}:role/R"}}"#);
    assert_eq!(
        named(&element, &session(ACCOUNT, "R", "any")),
        Some(PrincipalMatch::Source)
    );
    assert_eq!(named(&element, &session(ACCOUNT, "Other", "any")), None);
    // A role is never the caller: the ARN does not name a user of the same text.
    assert_eq!(named(&element, &user(ACCOUNT, "R")), None);
}

#[test]
fn session_arn_names_only_that_session() {
    let element = format!(r#"{{"AWS":"arn:aws:sts::{ACCOUNT}:assumed-role/R/s1"}}"#);
    assert_eq!(
        named(&element, &session(ACCOUNT, "R", "s1")),
        Some(PrincipalMatch::Direct)
    );
    assert_eq!(named(&element, &session(ACCOUNT, "R", "s2")), None);
}

#[test]
fn the_strongest_entry_wins() {
    let element = format!(
        r#"{{"AWS":["{ACCOUNT}","arn:aws:iam::{ACCOUNT}:role/R","arn:aws:sts::{ACCOUNT}:assumed-role/R/s"]}}"#
    );
    assert_eq!(
        named(&element, &session(ACCOUNT, "R", "s")),
        Some(PrincipalMatch::Direct)
    );
    assert_eq!(
        named(&element, &session(ACCOUNT, "R", "t")),
        Some(PrincipalMatch::Source)
    );
    assert_eq!(
        named(&element, &session(ACCOUNT, "Q", "t")),
        Some(PrincipalMatch::Account)
    );
}

#[test]
fn service_federated_and_canonical_principals() {
    let service = principal(PrincipalType::Service, "ec2.amazonaws.com", None);
    let element = r#"{"Service":["lambda.amazonaws.com","EC2.amazonaws.com"]}"#;
    assert_eq!(named(element, &service), Some(PrincipalMatch::Direct));
    assert_eq!(
        named(
            element,
            &principal(PrincipalType::Service, "ecs.amazonaws.com", None)
        ),
        None
    );
    // A service name does not name a user whose ARN happens to be that text.
    assert_eq!(
        named(
            element,
            &principal(PrincipalType::User, "ec2.amazonaws.com", None)
        ),
        None
    );
    for provider in [
        "accounts.google.com",
        "cognito-identity.amazonaws.com",
        "arn:aws:iam::111122223333:saml-provider/Okta",
    ] {
        let element = format!(r#"{{"Federated":"{provider}"}}"#);
        let who = principal(PrincipalType::Federated, provider, None);
        assert_eq!(named(&element, &who), Some(PrincipalMatch::Direct));
        let other = principal(PrincipalType::Federated, "www.amazon.com", None);
        assert_eq!(named(&element, &other), None);
    }
    let canonical = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    let element = format!(r#"{{"CanonicalUser":"{canonical}"}}"#);
    let who = principal(PrincipalType::User, canonical, None);
    assert_eq!(named(&element, &who), Some(PrincipalMatch::Direct));
}

#[test]
fn partial_wildcards_are_invalid() {
    // "You cannot use a wildcard to match part of a principal name or ARN."
    for value in [
        "arn:aws:iam::111122223333:user/*",
        "arn:aws:sts::111122223333:assumed-role/R/*",
        "1111*",
    ] {
        let element = format!(r#"{{"AWS":"{value}"}}"#);
        assert_eq!(
            matcher("Principal", &element).err().as_deref(),
            Some(INVALID_PRINCIPAL)
        );
    }
}

#[test]
fn not_principal_exempts_only_fully_listed_principals() {
    // NotPrincipal page: list the user and its account; the session, its role and its account.
    let bob = user(OTHER, "Bob");
    let matcher_for = |entries: &[String]| {
        let list = entries
            .iter()
            .map(|e| format!("\"{e}\""))
            .collect::<Vec<_>>()
            .join(",");
        matcher("NotPrincipal", &format!(r#"{{"AWS":[{list}]}}"#)).unwrap()
    };
    let applies = |m: &PrincipalMatcher, who: &RequestPrincipal| {
        m.matches(who, Effect::Deny, false).is_some()
    };
    let bob_arn = format!("arn:aws:iam::{OTHER}:user/Bob");
    let account_arn = format!("arn:aws:iam::{OTHER}:root");
    let both = matcher_for(&[bob_arn.clone(), account_arn.clone()]);
    assert!(!applies(&both, &bob));
    assert!(applies(&both, &user(OTHER, "Alice")));
    assert!(applies(&both, &user(ACCOUNT, "Bob")));
    assert!(applies(&matcher_for(&[bob_arn]), &bob));
    assert!(applies(
        &matcher_for(std::slice::from_ref(&account_arn)),
        &bob
    ));
    assert!(!applies(
        &matcher_for(std::slice::from_ref(&account_arn)),
        &root(OTHER)
    ));

    let audit = session(OTHER, "ReadOnly", "audit");
    let session_arn = format!("arn:aws:sts::{OTHER}:assumed-role/ReadOnly/audit");
    let role_arn = format!("arn:aws:iam::{OTHER}:role/ReadOnly");
    let full = matcher_for(&[session_arn.clone(), role_arn.clone(), account_arn.clone()]);
    assert!(!applies(&full, &audit));
    assert!(applies(&full, &session(OTHER, "ReadOnly", "other")));
    assert!(applies(
        &matcher_for(&[session_arn, account_arn.clone()]),
        &audit
    ));
    assert!(applies(&matcher_for(&[role_arn, account_arn]), &audit));
    let anonymous = principal(PrincipalType::Anonymous, "*", None);
    assert!(applies(&full, &anonymous));
    let star = matcher("NotPrincipal", r#""*""#).unwrap();
    assert!(!applies(&star, &anonymous));
    assert!(star.is_negated());
}

#[test]
fn not_principal_with_deny_always_applies_to_principals_with_a_boundary() {
    // access_policies_boundaries.html: "will always deny any IAM principal that has a
    // permissions boundary policy attached, regardless of the values specified".
    let bob_arn = format!("arn:aws:iam::{OTHER}:user/Bob");
    let element = format!(r#"{{"AWS":["{bob_arn}","{OTHER}"]}}"#);
    let m = matcher("NotPrincipal", &element).unwrap();
    let bob = user(OTHER, "Bob");
    assert_eq!(m.matches(&bob, Effect::Deny, false), None);
    assert_eq!(
        m.matches(&bob, Effect::Deny, true),
        Some(PrincipalMatch::Direct)
    );
    assert_eq!(m.matches(&bob, Effect::Allow, true), None);
}
