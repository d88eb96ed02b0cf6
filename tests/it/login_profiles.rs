//! Login profiles: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile,
//! ChangePassword, and the password policy they enforce.

use crate::support::{Server, code, message, start, status};

const GOOD: &str = "Corr3ct-Horse!";

async fn user_with_profile(server: &Server, name: &str, password: &str) {
    let iam = server.iam();
    iam.create_user().user_name(name).send().await.unwrap();
    iam.create_login_profile()
        .user_name(name)
        .password(password)
        .send()
        .await
        .unwrap();
}

/// An IAM client signing with a new key of `name`.
/// A client signing with a new key of `name`, who may change its own password (as AWS's
/// IAMUserChangePassword lets users do), read and delete its login profile.
async fn signed_as(server: &Server, name: &str) -> aws_sdk_iam::Client {
    server
        .iam()
        .put_user_policy()
        .user_name(name)
        .policy_name("own-password")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow",
                "Action":["iam:ChangePassword","iam:GetLoginProfile","iam:DeleteLoginProfile"],
                "Resource":"arn:aws:iam::*:user/${aws:username}"}}"#,
        )
        .send()
        .await
        .unwrap();
    let out = server
        .iam()
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .unwrap();
    let key = out.access_key().unwrap();
    server.iam_as(key.access_key_id(), key.secret_access_key(), None)
}

#[tokio::test]
async fn create_get_update_delete() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("alice").send().await.unwrap();
    let created = iam
        .create_login_profile()
        .user_name("ALICE")
        .password(GOOD)
        .password_reset_required(true)
        .send()
        .await
        .unwrap();
    let profile = created.login_profile().unwrap();
    assert_eq!(profile.user_name(), "alice");
    assert!(profile.password_reset_required());

    let got = iam
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let got = got.login_profile().unwrap();
    assert_eq!(got.create_date(), profile.create_date());
    assert!(got.password_reset_required());

    iam.update_login_profile()
        .user_name("alice")
        .password_reset_required(false)
        .send()
        .await
        .unwrap();
    let got = iam
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    assert!(!got.login_profile().unwrap().password_reset_required());
    iam.update_login_profile()
        .user_name("alice")
        .password("An0ther-Secret!")
        .send()
        .await
        .unwrap();

    iam.delete_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    let err = iam
        .get_login_profile()
        .user_name("alice")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "Login Profile for User alice cannot be found."
    );
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn errors() {
    let server = start().await;
    let iam = server.iam();
    user_with_profile(&server, "bob", GOOD).await;
    let err = iam
        .create_login_profile()
        .user_name("bob")
        .password(GOOD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "EntityAlreadyExists");
    assert_eq!(message(&err), "Login Profile for user bob already exists.");
    assert_eq!(status(&err), 409);

    let err = iam
        .create_login_profile()
        .user_name("nobody")
        .password(GOOD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    let err = iam
        .create_login_profile()
        .password(GOOD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "NoSuchEntity",
        "the root password is not emulated"
    );

    iam.create_user().user_name("carol").send().await.unwrap();
    let err = iam
        .create_login_profile()
        .user_name("carol")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "ValidationError");
    assert_eq!(status(&err), 400);
    let err = iam
        .update_login_profile()
        .user_name("carol")
        .password(GOOD)
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "Login Profile for User carol cannot be found."
    );
    assert_eq!(status(&err), 404);
    let err = iam
        .update_login_profile()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(message(&err), "The user with name nobody cannot be found.");
    let err = iam
        .delete_login_profile()
        .user_name("carol")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(status(&err), 404);
    let err = iam
        .get_login_profile()
        .user_name("nobody")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
}

#[tokio::test]
async fn aws_default_policy_applies_without_a_custom_one() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("dave").send().await.unwrap();
    let err = iam
        .create_login_profile()
        .user_name("dave")
        .password("password1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "PasswordPolicyViolation");
    assert_eq!(
        message(&err),
        "Password should meet 1 more of the following requirements: \
         Password should have at least one uppercase letter, \
         Password should have at least one symbol"
    );
    assert_eq!(status(&err), 400);
    let err = iam
        .get_login_profile()
        .user_name("dave")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "NoSuchEntity",
        "a refused password creates nothing"
    );
    iam.create_login_profile()
        .user_name("dave")
        .password("Password1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn custom_policy_is_enforced_everywhere() {
    let server = start().await;
    let iam = server.iam();
    user_with_profile(&server, "erin", GOOD).await;
    iam.update_account_password_policy()
        .minimum_password_length(16)
        .require_symbols(true)
        .allow_users_to_change_password(true)
        .send()
        .await
        .unwrap();

    iam.create_user().user_name("frank").send().await.unwrap();
    let err = iam
        .create_login_profile()
        .user_name("frank")
        .password("abcdefghij")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "PasswordPolicyViolation");
    assert_eq!(
        message(&err),
        "Password should have a minimum length of 16, Password should have at least one symbol"
    );
    iam.create_login_profile()
        .user_name("frank")
        .password("abcdefghijklmno!")
        .send()
        .await
        .unwrap();

    let err = iam
        .update_login_profile()
        .user_name("erin")
        .password("abcdefghijklmnop")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "PasswordPolicyViolation");
    assert_eq!(message(&err), "Password should have at least one symbol");

    let as_erin = signed_as(&server, "erin").await;
    let err = as_erin
        .change_password()
        .old_password(GOOD)
        .new_password("Sh0rt!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "PasswordPolicyViolation");
    assert_eq!(message(&err), "Password should have a minimum length of 16");
    // The old password still stands after the refusals above.
    as_erin
        .change_password()
        .old_password(GOOD)
        .new_password("a-much-longer-one!")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn change_password() {
    let server = start().await;
    let iam = server.iam();
    iam.create_user().user_name("gina").send().await.unwrap();
    iam.create_login_profile()
        .user_name("gina")
        .password(GOOD)
        .password_reset_required(true)
        .send()
        .await
        .unwrap();
    let as_gina = signed_as(&server, "gina").await;

    let err = as_gina
        .change_password()
        .old_password("Wr0ng-Password!")
        .new_password("N3w-Password!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "AccessDenied");
    assert_eq!(status(&err), 403);

    as_gina
        .change_password()
        .old_password(GOOD)
        .new_password("N3w-Password!")
        .send()
        .await
        .unwrap();
    let got = as_gina.get_login_profile().send().await.unwrap();
    let got = got.login_profile().unwrap();
    assert_eq!(got.user_name(), "gina", "without UserName: the caller");
    assert!(
        !got.password_reset_required(),
        "changing the password clears the reset flag"
    );
    let err = as_gina
        .change_password()
        .old_password(GOOD)
        .new_password("Y3t-Another!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "AccessDenied",
        "the old password no longer works"
    );
    as_gina
        .change_password()
        .old_password("N3w-Password!")
        .new_password("Y3t-Another!")
        .send()
        .await
        .unwrap();

    let err = iam
        .change_password()
        .old_password(GOOD)
        .new_password("N3w-Password!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        code(&err),
        "InvalidUserType",
        "root cannot use ChangePassword"
    );
    assert_eq!(status(&err), 400);

    as_gina.delete_login_profile().send().await.unwrap();
    let err = as_gina
        .change_password()
        .old_password("Y3t-Another!")
        .new_password("N3w-Password!")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "NoSuchEntity");
    assert_eq!(
        message(&err),
        "Login Profile for User gina cannot be found."
    );
}

#[tokio::test]
async fn delete_user_waits_for_login_profile_and_keys() {
    let server = start().await;
    let iam = server.iam();
    user_with_profile(&server, "hank", GOOD).await;
    let key = iam
        .create_access_key()
        .user_name("hank")
        .send()
        .await
        .unwrap();
    let err = iam
        .delete_user()
        .user_name("hank")
        .send()
        .await
        .unwrap_err();
    assert_eq!(code(&err), "DeleteConflict");
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete login profile first."
    );
    assert_eq!(status(&err), 409);
    iam.delete_login_profile()
        .user_name("hank")
        .send()
        .await
        .unwrap();
    let err = iam
        .delete_user()
        .user_name("hank")
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        message(&err),
        "Cannot delete entity, must delete access keys first."
    );
    iam.delete_access_key()
        .user_name("hank")
        .access_key_id(key.access_key().unwrap().access_key_id())
        .send()
        .await
        .unwrap();
    iam.delete_user().user_name("hank").send().await.unwrap();
}
