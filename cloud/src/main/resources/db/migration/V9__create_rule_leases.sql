-- Rule ownership across cloud instances (org.linli.cloud.rules.RuleOwnership): which instance runs the
-- rules of each scope (a space, or the site's deadman rule), and which instances live. Portable SQL:
-- PostgreSQL and H2. Every change of owner raises the epoch, the fencing token of the rule_state saves.
CREATE TABLE rule_lease (
    id         VARCHAR(200) PRIMARY KEY,            -- site/scope
    site       VARCHAR(64)  NOT NULL,
    scope      VARCHAR(136) NOT NULL,               -- space:<space id>, or deadman
    owner      VARCHAR(200),                        -- the instance id; null when released
    epoch      BIGINT       NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rule_lease_site ON rule_lease (site);

-- One row per live instance, renewed with its leases; an instance is live until expires_at.
CREATE TABLE rule_instance (
    id         VARCHAR(270) PRIMARY KEY,            -- site/instance
    site       VARCHAR(64)  NOT NULL,
    instance   VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rule_instance_site ON rule_instance (site);
