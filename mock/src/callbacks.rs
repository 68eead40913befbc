//! Messages the mock sends on its own: an operation's callbacks (to the
//! URL its runtime expression names, after the configured delay) and
//! signed webhooks (to `--webhook-url`, when a stored resource changes
//! state). Each is sent once, from a task of its own; the outcome is logged.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::log::{Bounded, Delivery};
use crate::webhooks::Event;

/// Sends messages and keeps the record of each.
#[derive(Debug, Clone)]
pub struct Dispatcher {
    client: reqwest::Client,
    delay: Duration,
    log_to_stderr: bool,
    deliveries: Arc<Mutex<Bounded<Delivery>>>,
}

/// One message to send.
#[derive(Debug, Clone)]
pub struct Message {
    pub what: String,
    pub method: reqwest::Method,
    pub url: String,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Message {
    /// A signed webhook event, to `url`, the signature in `header`.
    pub fn webhook(event: Event, url: &str, header: &str) -> Message {
        Message {
            what: format!("webhook {}", event.name),
            method: reqwest::Method::POST,
            url: url.to_owned(),
            content_type: Some("application/json".to_owned()),
            headers: vec![(header.to_owned(), event.signature)],
            body: event.body,
        }
    }
}

impl Dispatcher {
    /// Keeps the latest `log_capacity` deliveries.
    pub fn new(
        client: reqwest::Client,
        delay: Duration,
        log_to_stderr: bool,
        log_capacity: usize,
    ) -> Self {
        Dispatcher {
            client,
            delay,
            log_to_stderr,
            deliveries: Arc::new(Mutex::new(Bounded::new(log_capacity))),
        }
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.deliveries
            .lock()
            .map(|d| d.latest())
            .unwrap_or_default()
    }

    /// Records a message that could not be sent at all.
    pub fn skip(&self, what: String, url: String, why: String) {
        if self.log_to_stderr {
            eprintln!("did not send {what} to {url}: {why}");
        }
        if let Ok(mut deliveries) = self.deliveries.lock() {
            deliveries.push(Delivery {
                what,
                url,
                outcome: Err(why),
            });
        }
    }

    /// Sends `message` after the delay, from a task of its own. A URL that
    /// is not http(s) is recorded as not delivered, at once.
    pub fn send(&self, message: Message) {
        let url = match http_url(&message.url) {
            Ok(url) => url,
            Err(why) => return self.skip(message.what, message.url, why),
        };
        let this = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(this.delay).await;
            let outcome = this.deliver(url, &message).await;
            if this.log_to_stderr {
                match &outcome {
                    Ok(status) => eprintln!("sent {} to {} → {status}", message.what, message.url),
                    Err(why) => {
                        eprintln!("did not send {} to {}: {why}", message.what, message.url)
                    }
                }
            }
            if let Ok(mut deliveries) = this.deliveries.lock() {
                deliveries.push(Delivery {
                    what: message.what,
                    url: message.url,
                    outcome,
                });
            }
        });
    }

    async fn deliver(&self, url: reqwest::Url, message: &Message) -> Result<u16, String> {
        let mut request = self
            .client
            .request(message.method.clone(), url)
            .body(message.body.clone());
        if let Some(content_type) = &message.content_type {
            request = request.header("content-type", content_type);
        }
        for (name, value) in &message.headers {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        Ok(response.status().as_u16())
    }
}

fn http_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("not an http(s) URL ({})", url.scheme()));
    }
    Ok(url)
}
