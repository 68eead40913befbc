//! The front end on whole documents: what the generator refuses is read
//! here, every node keeps its place, and broken documents are errors at
//! the offending node.

use std::path::Path;

use super::*;
use crate::load::load_str;

fn api(text: &str) -> Result<Api, SpecError> {
    let spec = load_str(Path::new("t.yaml"), text).expect("document loads");
    read_api(&spec)
}

const DOCUMENT: &str = "openapi: 3.0.3
info: {title: Pets, version: '2.1'}
servers:
  - url: 'https://{region}.example.com'
    variables:
      region: {default: eu, enum: [eu, us]}
security:
  - key: []
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, schema: {type: string}}
      - {name: trace, in: header, schema: {type: string}}
    get:
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
        - {name: tags, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}
        - {name: TRACE, in: header, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          headers:
            X-Rate: {required: true, schema: {type: integer}}
          content:
            '*/*': {schema: {type: string}}
        4XX: {description: client error}
        default: {description: other}
      security: []
      callbacks:
        done:
          '{$request.body#/url}':
            post:
              requestBody:
                content:
                  application/json: {schema: {type: object}}
              responses:
                '204': {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
    oauth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: 'https://t.example.com', scopes: {read: Read.}}
";

#[test]
fn what_the_generator_refuses_is_read_in_full() {
    let api = api(DOCUMENT).expect("valid document");
    assert_eq!((api.title.as_str(), api.version.as_str()), ("Pets", "2.1"));
    let get = &api.operations[0];
    assert_eq!(get.label(), "GET /pets/{id}");
    assert_eq!(get.operation_id, None);
    let names: Vec<(&str, Location, bool)> = get
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.required))
        .collect();
    // The operation's header overrides the path item's, ignoring case.
    assert_eq!(
        names,
        [
            ("id", Location::Path, true),
            ("TRACE", Location::Header, true),
            ("session", Location::Cookie, false),
            ("tags", Location::Query, false),
        ]
    );
    let tags = &get.parameters[3];
    assert_eq!(
        (tags.style.as_str(), tags.explode),
        ("pipeDelimited", false)
    );
    let session = &get.parameters[2];
    assert_eq!((session.style.as_str(), session.explode), ("form", true));
    let statuses: Vec<Status> = get.responses.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Status::Code(200), Status::Range(4), Status::Default]
    );
    let ok = &get.responses[0];
    assert_eq!(ok.content[0].media_type.essence, "*/*");
    assert_eq!(ok.headers[0].name, "X-Rate");
    assert!(ok.headers[0].required);
    assert_eq!(get.security.as_deref(), Some(&[][..]));
    assert_eq!(api.security_of(get).len(), 0);
    assert_eq!(get.callbacks[0].operations[0].method, Method::Post);
    assert_eq!(api.servers[0].variables[0].enumeration, ["eu", "us"]);
    assert_eq!(api.security[0].label(), "[key]");
    let oauth = &api.security_schemes[1];
    assert_eq!(
        oauth.flows[0].scopes,
        [("read".to_owned(), "Read.".to_owned())]
    );
}

#[test]
fn every_node_keeps_its_pointer_and_line() {
    let api = api(DOCUMENT).expect("valid document");
    let get = &api.operations[0];
    assert_eq!(get.source.pointer, "/paths/~1pets~1{id}/get");
    let line = get.source.position.expect("position").line;
    assert_eq!(DOCUMENT.lines().nth(line - 1).map(str::trim), Some("get:"));
    let header = &get.responses[0].headers[0];
    assert_eq!(
        header.source.pointer,
        "/paths/~1pets~1{id}/get/responses/200/headers/X-Rate"
    );
}

#[test]
fn a_status_that_is_no_status_is_an_error_at_its_key() {
    let text = DOCUMENT.replace("4XX:", "4XY:");
    let error = api(&text).expect_err("invalid status");
    assert_eq!(error.pointer, "/paths/~1pets~1{id}/get/responses/4XY");
    assert!(error.position.is_some());
    assert!(error.to_string().contains("4XY"), "{error}");
}
