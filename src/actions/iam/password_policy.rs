//! The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
//! DeleteAccountPasswordPolicy, and the check every new console password must pass.

use crate::error::{ApiError, ModeledError};
use crate::protocol::iam;
use crate::store::AccountState;
use crate::store::entities::PasswordPolicy;

/// The minimum length UpdateAccountPasswordPolicy applies when the request omits it.
const DEFAULT_MINIMUM_LENGTH: i32 = 6;

/// The minimum length of AWS's default password policy, in force while no custom policy is set.
const ACCOUNT_DEFAULT_MINIMUM_LENGTH: usize = 8;

/// How many of the four character classes AWS's default password policy asks for.
const ACCOUNT_DEFAULT_CLASSES: usize = 3;

/// The non-alphanumeric characters AWS counts as symbols.
const SYMBOLS: &str = "!@#$%^&*()_+-=[]{}|'";

/// A password policy rule a password can break, with AWS's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    Uppercase,
    Lowercase,
    Number,
    Symbol,
}

impl Rule {
    const ALL: [Rule; 4] = [Rule::Uppercase, Rule::Lowercase, Rule::Number, Rule::Symbol];

    fn met_by(self, password: &str) -> bool {
        password.chars().any(|c| match self {
            Rule::Uppercase => c.is_ascii_uppercase(),
            Rule::Lowercase => c.is_ascii_lowercase(),
            Rule::Number => c.is_ascii_digit(),
            Rule::Symbol => SYMBOLS.contains(c),
        })
    }

    fn text(self) -> &'static str {
        match self {
            Rule::Uppercase => "Password should have at least one uppercase letter",
            Rule::Lowercase => "Password should have at least one lowercase letter",
            Rule::Number => "Password should have at least one number",
            Rule::Symbol => "Password should have at least one symbol",
        }
    }

    fn required_by(self, policy: &PasswordPolicy) -> bool {
        match self {
            Rule::Uppercase => policy.require_uppercase_characters,
            Rule::Lowercase => policy.require_lowercase_characters,
            Rule::Number => policy.require_numbers,
            Rule::Symbol => policy.require_symbols,
        }
    }
}

fn too_short(password: &str, minimum: usize) -> Option<String> {
    (password.chars().count() < minimum)
        .then(|| format!("Password should have a minimum length of {minimum}"))
}

/// Why `password` breaks the account's password policy, or `None` when it passes. Without a custom
/// policy AWS applies its default one: at least 8 characters, and three of the four character
/// classes ("Password should meet 1 more of the following requirements: ...").
pub fn violation(policy: Option<&PasswordPolicy>, password: &str) -> Option<String> {
    let mut broken = Vec::new();
    if let Some(p) = policy {
        let minimum = usize::try_from(p.minimum_password_length).unwrap_or(0);
        broken.extend(too_short(password, minimum));
        broken.extend(
            Rule::ALL
                .into_iter()
                .filter(|r| r.required_by(p) && !r.met_by(password))
                .map(|r| r.text().to_string()),
        );
    } else {
        broken.extend(too_short(password, ACCOUNT_DEFAULT_MINIMUM_LENGTH));
        let missing: Vec<Rule> = Rule::ALL
            .into_iter()
            .filter(|r| !r.met_by(password))
            .collect();
        let met = Rule::ALL.len() - missing.len();
        if met < ACCOUNT_DEFAULT_CLASSES {
            let texts: Vec<&str> = missing.iter().map(|r| r.text()).collect();
            broken.push(format!(
                "Password should meet {} more of the following requirements: {}",
                ACCOUNT_DEFAULT_CLASSES - met,
                texts.join(", ")
            ));
        }
    }
    (!broken.is_empty()).then(|| broken.join(", "))
}

/// `PasswordPolicyViolation` when `password` breaks the account's password policy.
pub fn check(account: &AccountState, password: &str) -> Result<(), ApiError> {
    match violation(account.password_policy.as_ref(), password) {
        Some(why) => Err(ApiError::modeled(
            ModeledError::PasswordPolicyViolation,
            why,
        )),
        None => Ok(()),
    }
}

/// `UpdateAccountPasswordPolicy`: replaces the whole policy; every omitted setting takes AWS's
/// default (length 6, nothing required, no expiry, no reuse prevention, no hard expiry).
pub fn update_account_password_policy(
    account: &mut AccountState,
    input: iam::UpdateAccountPasswordPolicyRequest,
) -> Result<(), ApiError> {
    account.password_policy = Some(PasswordPolicy {
        minimum_password_length: input
            .minimum_password_length
            .unwrap_or(DEFAULT_MINIMUM_LENGTH),
        require_symbols: input.require_symbols.unwrap_or(false),
        require_numbers: input.require_numbers.unwrap_or(false),
        require_uppercase_characters: input.require_uppercase_characters.unwrap_or(false),
        require_lowercase_characters: input.require_lowercase_characters.unwrap_or(false),
        allow_users_to_change_password: input.allow_users_to_change_password.unwrap_or(false),
        max_password_age: input.max_password_age,
        password_reuse_prevention: input.password_reuse_prevention,
        hard_expiry: input.hard_expiry.unwrap_or(false),
    });
    Ok(())
}

fn no_policy(account: &AccountState) -> ApiError {
    ApiError::no_such_entity(format!(
        "The Password Policy with domain name {} cannot be found.",
        account.id
    ))
}

/// `GetAccountPasswordPolicy`; `ExpirePasswords` says whether a maximum age is set.
pub fn get_account_password_policy(
    account: &AccountState,
) -> Result<iam::GetAccountPasswordPolicyResponse, ApiError> {
    let p = account
        .password_policy
        .as_ref()
        .ok_or_else(|| no_policy(account))?;
    Ok(iam::GetAccountPasswordPolicyResponse {
        password_policy: iam::PasswordPolicy {
            minimum_password_length: Some(p.minimum_password_length),
            require_symbols: Some(p.require_symbols),
            require_numbers: Some(p.require_numbers),
            require_uppercase_characters: Some(p.require_uppercase_characters),
            require_lowercase_characters: Some(p.require_lowercase_characters),
            allow_users_to_change_password: Some(p.allow_users_to_change_password),
            expire_passwords: Some(p.max_password_age.is_some()),
            max_password_age: p.max_password_age,
            password_reuse_prevention: p.password_reuse_prevention,
            hard_expiry: Some(p.hard_expiry),
        },
    })
}

/// `DeleteAccountPasswordPolicy`: back to AWS's default policy.
pub fn delete_account_password_policy(account: &mut AccountState) -> Result<(), ApiError> {
    if account.password_policy.take().is_none() {
        return Err(ApiError::no_such_entity(
            "The account policy with name PasswordPolicy cannot be found.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_password_length: 10,
            ..PasswordPolicy::default()
        }
    }

    #[test]
    fn custom_policy_checks_length_and_each_required_class() {
        let p = policy();
        assert_eq!(violation(Some(&p), "abcdefghij"), None);
        assert_eq!(
            violation(Some(&p), "short").as_deref(),
            Some("Password should have a minimum length of 10")
        );
        let strict = PasswordPolicy {
            require_uppercase_characters: true,
            require_lowercase_characters: true,
            require_numbers: true,
            require_symbols: true,
            ..policy()
        };
        assert_eq!(violation(Some(&strict), "Abcdefgh1!"), None);
        assert_eq!(
            violation(Some(&strict), "abcdefghij").as_deref(),
            Some(
                "Password should have at least one uppercase letter, \
                 Password should have at least one number, \
                 Password should have at least one symbol"
            )
        );
        assert_eq!(
            violation(Some(&strict), "ABCDEFGHI1!").as_deref(),
            Some("Password should have at least one lowercase letter")
        );
    }

    #[test]
    fn only_listed_characters_are_symbols() {
        let p = PasswordPolicy {
            require_symbols: true,
            ..policy()
        };
        for ok in ["abcdefghij'", "abcdefghij|", "abcdefghij_"] {
            assert_eq!(violation(Some(&p), ok), None, "{ok}");
        }
        for not in [
            "abcdefghij~",
            "abcdefghij.",
            "abcdefghij ",
            "abcdefghij\u{e9}",
        ] {
            assert!(violation(Some(&p), not).is_some(), "{not}");
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let p = PasswordPolicy {
            minimum_password_length: 6,
            ..PasswordPolicy::default()
        };
        assert!(violation(Some(&p), "\u{e9}\u{e9}\u{e9}").is_some());
        assert_eq!(
            violation(Some(&p), "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
            None
        );
    }

    #[test]
    fn without_a_policy_aws_default_needs_eight_and_three_classes() {
        assert_eq!(violation(None, "Abcdefg1"), None);
        assert_eq!(violation(None, "abcdef1!"), None);
        assert_eq!(
            violation(None, "abcdefg1").as_deref(),
            Some(
                "Password should meet 1 more of the following requirements: \
                 Password should have at least one uppercase letter, \
                 Password should have at least one symbol"
            )
        );
        assert_eq!(
            violation(None, "Ab1!").as_deref(),
            Some("Password should have a minimum length of 8")
        );
        assert_eq!(
            violation(None, "abc").as_deref(),
            Some(
                "Password should have a minimum length of 8, \
                 Password should meet 2 more of the following requirements: \
                 Password should have at least one uppercase letter, \
                 Password should have at least one number, \
                 Password should have at least one symbol"
            )
        );
    }

    #[test]
    fn update_applies_defaults_and_get_derives_expiry() {
        let mut account = AccountState::new("000000000000".into());
        assert!(get_account_password_policy(&account).is_err());
        update_account_password_policy(
            &mut account,
            iam::UpdateAccountPasswordPolicyRequest::default(),
        )
        .unwrap();
        let got = get_account_password_policy(&account)
            .unwrap()
            .password_policy;
        assert_eq!(got.minimum_password_length, Some(6));
        assert_eq!(got.expire_passwords, Some(false));
        assert_eq!(got.max_password_age, None);
        update_account_password_policy(
            &mut account,
            iam::UpdateAccountPasswordPolicyRequest {
                max_password_age: Some(90),
                ..Default::default()
            },
        )
        .unwrap();
        let got = get_account_password_policy(&account)
            .unwrap()
            .password_policy;
        assert_eq!(got.expire_passwords, Some(true));
        assert_eq!(got.max_password_age, Some(90));
        delete_account_password_policy(&mut account).unwrap();
        assert!(delete_account_password_policy(&mut account).is_err());
    }
}
