//! The ceiling for the load benchmark: a bare axum server answering a fixed 300-byte XML body to
//! any POST, measured side by side with localiam.

use axum::Router;
use axum::routing::post;

const BODY: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<GetUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetUserResult><User>",
    "<Path>/</Path><UserName>bench</UserName><UserId>AIDAEXAMPLEEXAMPLE123</UserId>",
    "<Arn>arn:aws:iam::000000000000:user/bench</Arn></User></GetUserResult>",
    "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetUserResponse>\n"
);

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args().nth(1).unwrap_or_else(|| "4600".into());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    let app = Router::new().fallback(post(|| async { ([("content-type", "text/xml")], BODY) }));
    axum::serve(listener, app).await
}
