-- The site plan the dashboard's map shows, and where each space of the site inventory sits on it. The
-- inventory (site.yaml) has no coordinates: placement is a dashboard setting, changed by the community
-- admin and written to the audit log. The image itself is a file under linli.data-dir (site-plan/);
-- this row says which one and what it is. One plan per site: the row with id 'current'.
CREATE TABLE site_plan (
    id           VARCHAR(20)  PRIMARY KEY,
    content_type VARCHAR(20)  NOT NULL,
    width        INTEGER      NOT NULL,
    height       INTEGER      NOT NULL,
    bytes        BIGINT       NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    uploaded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    uploaded_by  VARCHAR(100) NOT NULL,
    CONSTRAINT site_plan_type_known CHECK (content_type IN ('image/png', 'image/jpeg'))
);

-- A space's place: x and y as fractions (0..1) of the plan's width and height from its top left corner,
-- and/or latitude and longitude (WGS 84) for a tile map. Space ids are those of the site inventory.
CREATE TABLE space_position (
    space      VARCHAR(100) PRIMARY KEY,
    x          DOUBLE PRECISION,
    y          DOUBLE PRECISION,
    lat        DOUBLE PRECISION,
    lon        DOUBLE PRECISION,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(100) NOT NULL,
    CONSTRAINT space_position_x CHECK (x IS NULL OR (x >= 0 AND x <= 1)),
    CONSTRAINT space_position_y CHECK (y IS NULL OR (y >= 0 AND y <= 1)),
    CONSTRAINT space_position_lat CHECK (lat IS NULL OR (lat >= -90 AND lat <= 90)),
    CONSTRAINT space_position_lon CHECK (lon IS NULL OR (lon >= -180 AND lon <= 180))
);
