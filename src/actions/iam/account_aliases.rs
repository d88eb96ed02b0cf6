//! Account aliases: CreateAccountAlias, DeleteAccountAlias, ListAccountAliases.
//!
//! An account has at most one alias, and AWS's sign-in guide says a new alias overwrites the
//! previous one, so CreateAccountAlias replaces rather than refusing. Aliases are unique across
//! all accounts: one held by another account is `EntityAlreadyExists`. The alias pattern (lower
//! case letters, digits, single dashes) is checked by the model when the request is decoded.

use crate::error::ApiError;
use crate::protocol::iam;
use crate::store::paging::page_iter;
use crate::store::{AccountState, Store};
use dashmap::mapref::entry::Entry;
use std::sync::Arc;

/// `CreateAccountAlias`: sets the account's alias, replacing any previous one.
pub fn create_account_alias(
    store: &Store,
    account: &mut AccountState,
    input: iam::CreateAccountAliasRequest,
) -> Result<(), ApiError> {
    let alias = input.account_alias;
    match store.account_aliases.entry(alias.clone()) {
        Entry::Occupied(held) if *held.get() != account.id => {
            return Err(ApiError::already_exists(format!(
                "The account alias {alias} already exists."
            )));
        }
        Entry::Occupied(_) => {}
        Entry::Vacant(free) => {
            free.insert(Arc::clone(&account.id));
        }
    }
    for old in account.aliases.drain(..).filter(|a| *a != alias) {
        store.account_aliases.remove(&old);
    }
    account.aliases.push(alias);
    Ok(())
}

/// `DeleteAccountAlias`.
pub fn delete_account_alias(
    store: &Store,
    account: &mut AccountState,
    input: iam::DeleteAccountAliasRequest,
) -> Result<(), ApiError> {
    let alias = input.account_alias;
    let Some(at) = account.aliases.iter().position(|a| *a == alias) else {
        return Err(ApiError::no_such_entity(format!(
            "The account alias {alias} cannot be found."
        )));
    };
    account.aliases.remove(at);
    store.account_aliases.remove(&alias);
    Ok(())
}

/// `ListAccountAliases`.
pub fn list_account_aliases(
    account: &AccountState,
    input: iam::ListAccountAliasesRequest,
) -> Result<iam::ListAccountAliasesResponse, ApiError> {
    let page = page_iter(
        account.aliases.iter().cloned(),
        input.marker.as_deref(),
        input.max_items,
    )?;
    Ok(iam::ListAccountAliasesResponse {
        is_truncated: Some(page.is_truncated()),
        account_aliases: page.items,
        marker: page.marker,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ModeledError;

    fn create(store: &Store, account: &mut AccountState, alias: &str) -> Result<(), ApiError> {
        create_account_alias(
            store,
            account,
            iam::CreateAccountAliasRequest {
                account_alias: alias.to_string(),
            },
        )
    }

    fn aliases(account: &AccountState) -> Vec<String> {
        list_account_aliases(account, iam::ListAccountAliasesRequest::default())
            .unwrap()
            .account_aliases
    }

    #[test]
    fn a_new_alias_replaces_the_old_one() {
        let store = Store::new(false);
        let mut a = AccountState::new("111111111111".into());
        create(&store, &mut a, "first").unwrap();
        create(&store, &mut a, "first").unwrap();
        assert_eq!(aliases(&a), ["first"]);
        create(&store, &mut a, "second").unwrap();
        assert_eq!(aliases(&a), ["second"]);
        assert!(!store.account_aliases.contains_key("first"));
        assert!(store.account_aliases.contains_key("second"));
    }

    #[test]
    fn aliases_are_unique_across_accounts() {
        let store = Store::new(false);
        let mut a = AccountState::new("111111111111".into());
        let mut b = AccountState::new("222222222222".into());
        create(&store, &mut a, "shared").unwrap();
        let err = create(&store, &mut b, "shared").unwrap_err();
        assert_eq!(
            err,
            ApiError::modeled(
                ModeledError::EntityAlreadyExists,
                "The account alias shared already exists."
            )
        );
        assert!(aliases(&b).is_empty());
        delete_account_alias(
            &store,
            &mut a,
            iam::DeleteAccountAliasRequest {
                account_alias: "shared".into(),
            },
        )
        .unwrap();
        create(&store, &mut b, "shared").unwrap();
        assert_eq!(aliases(&b), ["shared"]);
    }

    #[test]
    fn deleting_an_alias_the_account_lacks_fails() {
        let store = Store::new(false);
        let mut a = AccountState::new("111111111111".into());
        let mut b = AccountState::new("222222222222".into());
        create(&store, &mut a, "mine").unwrap();
        let err = delete_account_alias(
            &store,
            &mut b,
            iam::DeleteAccountAliasRequest {
                account_alias: "mine".into(),
            },
        )
        .unwrap_err();
        assert_eq!(err.message, "The account alias mine cannot be found.");
        assert_eq!(aliases(&a), ["mine"], "another account's alias stays");
    }
}
