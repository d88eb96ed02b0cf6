//! Fuzzes the Query decoder: arbitrary bytes as a form body, decoded against every operation's
//! input model. It must return a value or an AWS error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localiam::http::{Params, parse_form};
use localiam::protocol::decode::Node;
use localiam::protocol::{Action, Request};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let mut params = Params::new();
    if parse_form(body, &mut params).is_err() {
        return;
    }
    let Ok(tree) = Node::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str()))) else {
        return;
    };
    let action = Action::ALL[usize::from(selector) % Action::ALL.len()];
    let _ = Request::decode(action, &tree);
});
