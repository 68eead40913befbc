//! Stage 2: the API as the document states it, language-neutral.
//!
//! Between [`crate::load`] and everything else: operations keyed by
//! method and path template (operationId optional), parameters in all
//! four locations with style and explode, request bodies and responses
//! per media type, statuses with ranges and `default`, response headers,
//! callbacks, security schemes and requirements, servers with variables,
//! and every schema in one arena ([`Schemas`]) with every OpenAPI 3.0
//! keyword, `$ref`s resolved and discriminator mappings resolved once.
//! Every node keeps its JSON pointer and position ([`Source`]); methods,
//! statuses, path templates and media types are typed ([`values`]).
//!
//! Nothing here decides what code to generate, so any valid OpenAPI 3.0
//! document has a front end. The model, the validator's translation and
//! the diff all read it, and none of them reads the document again: the
//! diff reports what it finds even where the generator cannot name or
//! emit something. Each `$ref` is kept as a [`Reference`] at the place it
//! is written, with the annotations beside it, for the model's names.
//!
//! Every walk is a loop over a work list or bounded (`$ref` hops), never
//! recursion chosen by the document.

mod bodies;
mod operations;
mod parameters;
mod reader;
mod schemas;
mod security;
mod servers;
pub mod values;

pub use bodies::{Content, Header, RequestBody, Response};
pub use operations::{Callback, Operation};
pub use parameters::{Location, Parameter};
pub use reader::{child as child_pointer, Source};
pub use schemas::{
    Additional, Bound, Discriminator, Reference, Schema, SchemaId, SchemaType, Schemas, Site,
};
pub use security::{Flow, Requirement, SecurityScheme};
pub use servers::{Server, Variable};
pub use values::{MediaType, Method, PathTemplate, Status};

use crate::error::SpecError;
use crate::load::Spec;
use reader::Reader;

/// The API a document describes.
#[derive(Debug, Clone, Default)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The document's own `x-` keys, in its order.
    pub extensions: Vec<(String, serde_json::Value)>,
    pub servers: Vec<Server>,
    /// The document's `security`: what operations without their own need.
    pub security: Vec<Requirement>,
    pub security_schemes: Vec<SecurityScheme>,
    /// In the document's order: paths, then methods in [`Method::ALL`] order.
    pub operations: Vec<Operation>,
    /// `components.schemas`, by name, in the document's order.
    pub components: Vec<(String, SchemaId)>,
    pub schemas: Schemas,
}

impl Api {
    /// The security an operation needs: its own, or the document's.
    pub fn security_of<'a>(&'a self, operation: &'a Operation) -> &'a [Requirement] {
        operation.security.as_deref().unwrap_or(&self.security)
    }

    /// The operation `name` stands for: its operationId, or `METHOD /path`
    /// (`post /pets`; the method in any case, the path template exactly as
    /// the document writes it). An operationId wins over a label.
    pub fn find_operation(&self, name: &str) -> Option<&Operation> {
        if let Some(found) = self
            .operations
            .iter()
            .find(|op| op.operation_id.as_deref() == Some(name))
        {
            return Some(found);
        }
        let (method, path) = name.trim().split_once(' ')?;
        let method = Method::parse(method)?;
        let path = path.trim();
        self.operations
            .iter()
            .find(|op| op.method == method && op.path.as_str() == path)
    }
}

/// Reads the API `spec` describes. Fails only on what makes the document
/// invalid OpenAPI 3.0 (a status key that is no status, a parameter in no
/// location, a discriminator mapping to nothing), with the pointer and
/// position of the node.
pub fn read_api(spec: &Spec) -> Result<Api, SpecError> {
    let reader = Reader { spec };
    let mut schemas = schemas::SchemaBuilder::new(reader);
    let mut components = Vec::new();
    for (name, pointer) in reader.entries("/components/schemas")? {
        components.push((name, schemas.schema(&pointer)?));
    }
    let operations = operations::operations(reader, &mut schemas, "/paths", true)?;
    let info = reader.node("/info");
    let text = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Api {
        title: text("title"),
        version: text("version"),
        description: info
            .and_then(|i| i.get("description"))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        extensions: reader
            .node("")
            .and_then(serde_json::Value::as_object)
            .map(reader::extensions)
            .unwrap_or_default(),
        servers: servers::servers(reader, "/servers")?,
        security: security::requirements(reader, "/security")?.unwrap_or_default(),
        security_schemes: security::schemes(reader)?,
        operations,
        components,
        schemas: schemas.finish()?,
    })
}

#[cfg(test)]
mod tests;
