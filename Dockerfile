# Build a static binary, then run it as a non-root user with its data on a volume.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/openspace . && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/openspace /openspace
# The volume starts as this folder, owned by the nonroot user (65532), so the app can write to it.
COPY --from=build --chown=65532:65532 /out/data /data
ENV OPENSPACE_ADDR=:8080 OPENSPACE_DB=/data/openspace.db
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/openspace"]
