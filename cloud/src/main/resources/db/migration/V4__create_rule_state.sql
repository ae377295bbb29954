-- The rules' saved state (org.linli.cloud.rules): one row per rule instance, its snapshot as JSON, so a
-- restarted cloud resumes its windows and open episodes. Portable SQL: PostgreSQL and H2.
CREATE TABLE rule_state (
    id       VARCHAR(240) PRIMARY KEY,            -- site/rule/scope
    site     VARCHAR(64)  NOT NULL,
    rule     VARCHAR(20)  NOT NULL,               -- noise, encroachment, deadman
    scope    VARCHAR(128) NOT NULL,               -- the space id; the site id for deadman
    snapshot TEXT         NOT NULL,               -- the rule's snapshot record as JSON
    saved_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rule_state_site ON rule_state (site);
