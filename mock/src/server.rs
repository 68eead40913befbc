//! The HTTP server: accepts connections on tokio, answers each request
//! from the plan (route → check → choose → state → callbacks), and keeps
//! the log. [`MockServer::start`] returns once it listens.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::header::HeaderValue;
use hyper_util::rt::TokioIo;
use openapi_sdkgen::front::{self, Api};
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::answers::{capitalised, empty, problem, refusal, respond_with, Answer};
use crate::callbacks::{Dispatcher, Message};
use crate::check::{self, Request};
use crate::error::MockError;
use crate::expressions::{self, Context};
use crate::faults::{self, Fault, Faulty};
use crate::log::{Delivery, Issue, RequestLog, RequestRecord, Tally, Verdict, LOG_CAPACITY};
use crate::plan::{OperationPlan, Place, Plan};
use crate::respond;
use crate::routes::Routed;
use crate::state::Store;
use crate::webhooks::{WebhookTarget, Webhooks};

/// Bodies larger than this are refused (413) before they are read whole.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How a mock behaves.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Seeds the examples made from schemas (the same seed, the same values).
    pub seed: u64,
    /// How long after the answer a callback or webhook is sent.
    pub callback_delay: Duration,
    /// Where signed webhooks go; needs `x-webhook-signature` in the spec.
    pub webhook: Option<WebhookTarget>,
    /// Print each request and delivery to stderr as it happens.
    pub log_to_stderr: bool,
    /// Ways to break the spec on purpose in every answer to a valid
    /// request, to test a contract tester with; none by default.
    pub faults: Vec<Fault>,
    /// How many requests, how many deliveries and how many created
    /// resources the mock keeps (the latest of each), so its memory stays
    /// bounded; [`Tally`] counts every request.
    pub log_capacity: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            seed: 0,
            callback_delay: Duration::from_millis(100),
            webhook: None,
            log_to_stderr: false,
            faults: Vec::new(),
            log_capacity: LOG_CAPACITY,
        }
    }
}

/// A spec-driven mock server.
pub struct MockServer;

impl MockServer {
    /// Reads the spec at `path` and starts serving it on `address`.
    pub async fn start_file(
        path: &Path,
        address: SocketAddr,
        config: MockConfig,
    ) -> Result<MockHandle, MockError> {
        let spec = openapi_sdkgen::load(path)?;
        Self::start(&spec, address, config).await
    }

    /// Serves `spec` on `address` (port 0 picks a free port); returns once
    /// the socket listens.
    pub async fn start(
        spec: &openapi_sdkgen::Spec,
        address: SocketAddr,
        config: MockConfig,
    ) -> Result<MockHandle, MockError> {
        let api = front::read_api(spec)?;
        let plan = Plan::new(spec, &api, config.seed);
        let webhooks = match config.webhook.clone() {
            Some(target) => Some(Webhooks::new(spec, &api, target, config.seed)?),
            None => None,
        };
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(MockError::Client)?;
        let listener = TcpListener::bind(address)
            .await
            .map_err(|source| MockError::Bind {
                address: address.to_string(),
                source,
            })?;
        let bound = listener.local_addr().map_err(|source| MockError::Bind {
            address: address.to_string(),
            source,
        })?;
        let shared = Arc::new(Shared {
            api,
            plan,
            store: Store::new(config.log_capacity),
            dispatcher: Dispatcher::new(
                client,
                config.callback_delay,
                config.log_to_stderr,
                config.log_capacity,
            ),
            webhooks,
            log: Mutex::new(RequestLog::new(config.log_capacity)),
            log_to_stderr: config.log_to_stderr,
            faults: config.faults,
        });
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(serve(listener, Arc::clone(&shared), stopped));
        Ok(MockHandle {
            address: bound,
            stop: Some(stop),
            task: Some(task),
            shared,
        })
    }
}

/// A running mock: its address, its log, and the way to stop it.
pub struct MockHandle {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    shared: Arc<Shared>,
}

impl MockHandle {
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The requests answered so far, in order: the latest
    /// [`MockConfig::log_capacity`] of them.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared
            .log
            .lock()
            .map(|l| l.latest())
            .unwrap_or_default()
    }

    /// Counts over every request answered so far.
    pub fn tally(&self) -> Tally {
        self.shared
            .log
            .lock()
            .map(|l| l.tally())
            .unwrap_or_default()
    }

    /// The callbacks and webhooks sent (or not) so far, the latest
    /// [`MockConfig::log_capacity`] of them.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.dispatcher.deliveries()
    }

    /// What the spec holds that the mock cannot check (a schema that
    /// does not compile), one sentence each.
    pub fn warnings(&self) -> &[String] {
        &self.shared.plan.warnings
    }

    /// Stops accepting, closes open connections, and returns the log.
    pub async fn stop(self) -> Vec<RequestRecord> {
        self.stop_with_tally().await.0
    }

    /// As [`stop`](Self::stop), with the counts over every request.
    pub async fn stop_with_tally(mut self) -> (Vec<RequestRecord>, Tally) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        (self.requests(), self.tally())
    }
}

impl Drop for MockHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

struct Shared {
    api: Api,
    plan: Plan,
    store: Store,
    dispatcher: Dispatcher,
    webhooks: Option<Webhooks>,
    log: Mutex<RequestLog>,
    log_to_stderr: bool,
    faults: Vec<Fault>,
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        // A failed accept (out of descriptors, a reset) ends one connection, not the server.
        let Ok((stream, _)) = accepted else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(handle(&shared, request).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
    }
    connections.shutdown().await;
}

async fn handle(shared: &Shared, request: hyper::Request<Incoming>) -> Answer {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_owned();
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let message = format!("request body over {MAX_BODY_BYTES} bytes, or cut off");
            let record = RequestRecord {
                method,
                target,
                operation: None,
                status: 413,
                verdict: Verdict::Invalid(vec![body_issue(message.clone())]),
            };
            return finish(
                shared,
                record,
                problem(413, "Request body refused", &message, None, &[]),
            );
        }
    };
    let routed = shared.plan.router.route(&method, parts.uri.path());
    let (index, variables) = match routed {
        Routed::Found {
            operation,
            variables,
        } => (operation, variables),
        Routed::MethodNotAllowed { allowed } => {
            let allowed: Vec<String> = allowed.iter().map(ToString::to_string).collect();
            let detail = format!(
                "{method} is not documented for this path; it takes {}",
                allowed.join(", ")
            );
            let mut answer = problem(405, "Method not allowed", &detail, None, &[]);
            if let Ok(value) = HeaderValue::from_str(&allowed.join(", ")) {
                answer.headers_mut().insert(hyper::header::ALLOW, value);
            }
            let record = RequestRecord {
                method,
                target,
                operation: None,
                status: 405,
                verdict: Verdict::UnknownMethod,
            };
            return finish(shared, record, answer);
        }
        Routed::NotFound => {
            let detail = format!("no path of the spec matches {}", parts.uri.path());
            let record = RequestRecord {
                method,
                target,
                operation: None,
                status: 404,
                verdict: Verdict::UnknownPath,
            };
            return finish(
                shared,
                record,
                problem(404, "Not found", &detail, None, &[]),
            );
        }
    };
    let plan = &shared.plan.operations[index];
    let request = Request {
        method: method.clone(),
        path: parts.uri.path().to_owned(),
        query: check::query_pairs(parts.uri.query()),
        headers: parts.headers,
        body,
        variables,
    };
    let (status, verdict, answer) = answer(shared, plan, &request, &target);
    let record = RequestRecord {
        method,
        target,
        operation: Some(plan.label.clone()),
        status,
        verdict,
    };
    finish(shared, record, answer)
}

/// The answer to a routed request.
fn answer(
    shared: &Shared,
    plan: &OperationPlan,
    request: &Request,
    target: &str,
) -> (u16, Verdict, Answer) {
    let mut checked = check::check(plan, &shared.api.schemas, request);
    if !checked.missing_credentials.is_empty() {
        let issues = checked.missing_credentials;
        let mut answer = refusal(
            plan,
            401,
            "Credentials missing",
            "the operation's security needs credentials the request does not carry",
            &issues,
        );
        if let Some(scheme) = plan.security.iter().flatten().find_map(|c| match &c.place {
            Place::Authorization(scheme) => Some(scheme.clone()),
            _ => None,
        }) {
            if let Ok(value) =
                HeaderValue::from_str(&format!("{} realm=\"mock\"", capitalised(&scheme)))
            {
                answer
                    .headers_mut()
                    .insert(hyper::header::WWW_AUTHENTICATE, value);
            }
        }
        return (401, Verdict::MissingCredentials(issues), answer);
    }
    let preference = match respond::preference(request.header("prefer")) {
        Ok(preference) => preference,
        Err(issue) => {
            checked.issues.push(issue);
            respond::Preference::default()
        }
    };
    let choice = if checked.issues.is_empty() {
        match respond::choose(plan, &preference) {
            Ok(choice) => choice,
            Err(issue) => {
                checked.issues.push(issue);
                None
            }
        }
    } else {
        None
    };
    if !checked.issues.is_empty() {
        let status = plan.error_status;
        let answer = refusal(
            plan,
            status,
            "The request does not fit the spec",
            "every violation is listed",
            &checked.issues,
        );
        return (status, Verdict::Invalid(checked.issues), answer);
    }
    let Some(choice) = choice else {
        return (204, Verdict::Valid, empty(204));
    };
    let success = (200..300).contains(&choice.code);
    let mut body = choice.example.cloned();
    let mut encoded = choice.encoded.cloned();
    let mut changes = Vec::new();
    if success {
        let outcome = shared.store.apply(
            plan,
            &shared.api.schemas,
            request,
            checked.body.as_ref(),
            choice.response,
            choice.example,
        );
        if let Some(stored) = outcome.body {
            encoded = Some(choice.response.encode(&stored));
            body = Some(stored);
        }
        changes = outcome.changes;
    }
    let sent = faults::apply(
        &shared.faults,
        &shared.api.schemas,
        &plan.responses,
        choice.response,
        body.as_ref(),
        Faulty {
            code: choice.code,
            content_type: choice.response.content_type.clone(),
            encoded,
        },
    );
    let answer = respond_with(
        sent.code,
        sent.content_type.as_deref(),
        sent.encoded,
        &choice.response.headers,
    );
    if success {
        let host = request.header("host").unwrap_or("localhost");
        let url = format!("http://{host}{target}");
        let context = Context {
            request,
            request_body: checked.body.as_ref(),
            url: &url,
            status: choice.code,
            response_body: body.as_ref(),
            response_headers: &choice.response.headers,
        };
        send_callbacks(shared, plan, &context);
        send_webhooks(shared, &changes);
    }
    (sent.code, Verdict::Valid, answer)
}

fn send_callbacks(shared: &Shared, plan: &OperationPlan, context: &Context<'_>) {
    for callback in &plan.callbacks {
        let what = format!("callback {} of {}", callback.name, plan.label);
        let Some(url) = expressions::expand(&callback.expression, context) else {
            let why = "its expression names nothing in this request".to_owned();
            shared
                .dispatcher
                .skip(what, callback.expression.clone(), why);
            continue;
        };
        let body = match (&callback.body, callback.content_type.as_deref()) {
            (Some(Value::String(text)), Some(kind)) if !kind.contains("json") => {
                text.clone().into_bytes()
            }
            (Some(value), _) => serde_json::to_vec(value).unwrap_or_default(),
            (None, _) => Vec::new(),
        };
        let method = reqwest::Method::from_bytes(callback.method.to_string().as_bytes())
            .unwrap_or(reqwest::Method::POST);
        shared.dispatcher.send(Message {
            what,
            method,
            url,
            content_type: callback.content_type.clone(),
            headers: Vec::new(),
            body,
        });
    }
}

fn send_webhooks(shared: &Shared, changes: &[crate::state::Change]) {
    let Some(webhooks) = &shared.webhooks else {
        return;
    };
    for change in changes {
        if let Some(event) = webhooks.event(&shared.api.schemas, change) {
            shared.dispatcher.send(Message::webhook(
                event,
                &webhooks.target.url,
                &webhooks.header,
            ));
        }
    }
}

fn finish(shared: &Shared, record: RequestRecord, answer: Answer) -> Answer {
    if shared.log_to_stderr {
        eprintln!("{record}");
    }
    if let Ok(mut log) = shared.log.lock() {
        log.push(record);
    }
    answer
}

fn body_issue(message: String) -> Issue {
    Issue {
        location: "body",
        name: None,
        pointer: String::new(),
        rule: "size".to_owned(),
        message,
    }
}
