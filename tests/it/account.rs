//! Account settings: the password policy and account aliases.

use crate::support::{code, message, start, status};

#[tokio::test]
async fn password_policy_lifecycle() {
    let server = start().await;
    let iam = server.iam();
    let err = iam.get_account_password_policy().send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The Password Policy with domain name 000000000000 cannot be found."
    );
    assert_eq!(status(&err), 404);

    iam.update_account_password_policy().send().await.unwrap();
    let got = iam.get_account_password_policy().send().await.unwrap();
    let p = got.password_policy().unwrap();
    assert_eq!(p.minimum_password_length(), Some(6), "AWS's default length");
    assert!(!p.require_symbols());
    assert!(!p.require_numbers());
    assert!(!p.require_uppercase_characters());
    assert!(!p.require_lowercase_characters());
    assert!(!p.allow_users_to_change_password());
    assert!(!p.expire_passwords());
    assert_eq!(p.max_password_age(), None);
    assert_eq!(p.password_reuse_prevention(), None);
    assert_eq!(p.hard_expiry(), Some(false));
    let (_, xml) = server
        .post_form("Action=GetAccountPasswordPolicy&Version=2010-05-08")
        .await;
    for shown in [
        "<MinimumPasswordLength>6</MinimumPasswordLength>",
        "<RequireSymbols>false</RequireSymbols>",
        "<AllowUsersToChangePassword>false</AllowUsersToChangePassword>",
        "<ExpirePasswords>false</ExpirePasswords>",
    ] {
        assert!(xml.contains(shown), "{shown} in {xml}");
    }
    assert!(!xml.contains("MaxPasswordAge") && !xml.contains("PasswordReusePrevention"));

    iam.update_account_password_policy()
        .minimum_password_length(14)
        .require_symbols(true)
        .require_numbers(true)
        .require_uppercase_characters(true)
        .require_lowercase_characters(true)
        .allow_users_to_change_password(true)
        .max_password_age(90)
        .password_reuse_prevention(24)
        .hard_expiry(true)
        .send()
        .await
        .unwrap();
    let got = iam.get_account_password_policy().send().await.unwrap();
    let p = got.password_policy().unwrap();
    assert_eq!(p.minimum_password_length(), Some(14));
    assert!(p.require_symbols() && p.require_numbers());
    assert!(p.require_uppercase_characters() && p.require_lowercase_characters());
    assert!(p.allow_users_to_change_password());
    assert!(p.expire_passwords(), "derived from MaxPasswordAge");
    assert_eq!(p.max_password_age(), Some(90));
    assert_eq!(p.password_reuse_prevention(), Some(24));
    assert_eq!(p.hard_expiry(), Some(true));

    // No partial updates: what a call omits goes back to its default.
    iam.update_account_password_policy()
        .require_numbers(true)
        .send()
        .await
        .unwrap();
    let got = iam.get_account_password_policy().send().await.unwrap();
    let p = got.password_policy().unwrap();
    assert_eq!(p.minimum_password_length(), Some(6));
    assert!(p.require_numbers());
    assert!(!p.require_symbols());
    assert!(!p.expire_passwords());
    assert_eq!(p.max_password_age(), None);

    iam.delete_account_password_policy().send().await.unwrap();
    let err = iam.get_account_password_policy().send().await.unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    let err = iam
        .delete_account_password_policy()
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "The account policy with name PasswordPolicy cannot be found."
    );
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn password_policy_bounds_come_from_the_model() {
    let server = start().await;
    let iam = server.iam();
    let err = iam
        .update_account_password_policy()
        .minimum_password_length(5)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    let err = iam
        .update_account_password_policy()
        .max_password_age(1096)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert!(iam.get_account_password_policy().send().await.is_err());
}

#[tokio::test]
async fn password_policies_are_per_account() {
    let server = start().await;
    server
        .iam()
        .update_account_password_policy()
        .send()
        .await
        .unwrap();
    let err = server
        .iam_as("123456789012", "test", None)
        .get_account_password_policy()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        "The Password Policy with domain name 123456789012 cannot be found."
    );
}

#[tokio::test]
async fn account_aliases_start_empty() {
    let server = start().await;
    let listed = server.iam().list_account_aliases().send().await.unwrap();
    assert!(listed.account_aliases().is_empty());
    assert!(!listed.is_truncated());
    let (status_code, xml) = server
        .post_form("Action=ListAccountAliases&Version=2010-05-08")
        .await;
    assert_eq!(status_code, 200);
    assert!(
        xml.contains("<AccountAliases></AccountAliases>") || xml.contains("<AccountAliases/>"),
        "{xml}"
    );
}

#[tokio::test]
async fn account_alias_pattern_is_enforced() {
    let server = start().await;
    let iam = server.iam();
    for bad in ["Upper", "double--dash", "-leading", "trailing-", "ab"] {
        let err = iam
            .create_account_alias()
            .account_alias(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(code(&err), "ValidationError", "{bad}");
        assert_eq!(status(&err), 400);
    }
    let err = iam
        .delete_account_alias()
        .account_alias("double--dash")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
}

#[tokio::test]
async fn account_alias_lifecycle() {
    let server = start().await;
    let iam = server.iam();
    iam.create_account_alias()
        .account_alias("my-team-dev")
        .send()
        .await
        .unwrap();
    let listed = iam.list_account_aliases().send().await.unwrap();
    assert_eq!(listed.account_aliases(), ["my-team-dev"]);
    let other = server.iam_as("123456789012", "test", None);
    let err = other
        .create_account_alias()
        .account_alias("my-team-dev")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "EntityAlreadyExists",
        "aliases are unique across accounts"
    );
    iam.create_account_alias()
        .account_alias("my-team-prod")
        .send()
        .await
        .unwrap();
    assert_eq!(
        iam.list_account_aliases()
            .send()
            .await
            .unwrap()
            .account_aliases(),
        ["my-team-prod"],
        "an account has one alias"
    );
    iam.delete_account_alias()
        .account_alias("my-team-prod")
        .send()
        .await
        .unwrap();
    let err = iam
        .delete_account_alias()
        .account_alias("my-team-prod")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    other
        .create_account_alias()
        .account_alias("my-team-dev")
        .send()
        .await
        .unwrap();
}
