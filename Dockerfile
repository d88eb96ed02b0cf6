# localiam image: build a release binary, then ship it alone in a distroless image.
# Checked with hadolint (no Docker engine on the development machines); see README "Docker".

FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin localiam

# distroless/cc has glibc and CA certificates and nothing else: no shell, no package manager.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/localiam /usr/local/bin/localiam
# Inside a container the server must answer on every interface, not just loopback.
ENV LOCALIAM_HOST=0.0.0.0 \
    LOCALIAM_PORT=4566
EXPOSE 4566
# 65532 is distroless's "nonroot" user.
USER 65532:65532
# The binary checks its own health endpoint: no shell or curl is needed.
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/localiam", "health"]
ENTRYPOINT ["/usr/local/bin/localiam"]
