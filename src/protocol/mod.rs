//! The AWS Query protocol: parameters in, XML out.

pub mod decode;
pub mod generated;
pub mod xml;

pub use generated::actions::{Action, Service};
pub use generated::request::Request;
pub use generated::{iam, sts};

#[cfg(test)]
mod tests;
