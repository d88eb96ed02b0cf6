//! AWS IAM policy parsing and evaluation, free of I/O and of localiam's own types.

pub mod batch;
mod collect;
pub mod compile;
pub mod condition;
pub mod context;
pub mod decision;
pub mod glob;
pub mod matching;
pub mod parse;
pub mod request;
pub mod variables;

pub use compile::{CompiledPolicy, PolicySource, SourceType};
pub use context::{Context, ContextBuilder, ContextValue};
pub use decision::{Decision, Explanation, Policies, decide, explain};
pub use decision::{MatchedStatement, PolicySet, SourceDecision};
pub use request::{PrincipalType, Request, RequestPrincipal};
