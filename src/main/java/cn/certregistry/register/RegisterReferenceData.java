package cn.certregistry.register;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.quarkus.panache.common.Sort;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.ProblemException;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.ChoiceOption;

/** Checks search filters against the register's reference data: a filter naming nothing that exists is a mistake. */
@ApplicationScoped
public class RegisterReferenceData implements CertificateSearch.ReferenceData {

    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;

    @Override
    public void requireScheme(String parameter, String code) {
        if (schemes.find(code).isEmpty()) {
            throw ProblemException.invalidParameter(parameter, "'" + parameter + "' must be one of "
                    + schemes.all().stream().map(Scheme::code).toList() + ", not '" + code + "'.");
        }
    }

    @Override
    public void requireGrade(String parameter, String code, Optional<String> scheme) {
        List<Scheme> candidates = scheme.flatMap(schemes::find).map(List::of).orElseGet(schemes::all);
        if (candidates.stream().noneMatch(s -> s.grade(code).isPresent())) {
            throw ProblemException.invalidParameter(parameter, "'" + parameter + "' must be one of "
                    + candidates.stream().flatMap(s -> s.grades().stream()).map(Scheme.Grade::code).distinct().toList()
                    + ", not '" + code + "'.");
        }
    }

    @Override
    public List<Region.CodeRange> regions(String parameter, String input) {
        return regions.resolve(parameter, input).stream().map(Region::codeRange).toList();
    }

    @Override
    @Transactional
    public void requireBody(String parameter, String code) {
        if (CertificationBody.findByCode(code).isEmpty()) {
            throw ProblemException.invalidParameter(parameter, "No certification body has the code '" + code + "'.");
        }
    }

    /** Every certification body by its code, as a form offers them. */
    @Transactional
    public List<ChoiceOption> bodyChoices(String selected) {
        return CertificationBody.<CertificationBody>listAll(Sort.by("code")).stream()
                .map(b -> new ChoiceOption(b.code, b.name, b.code.equals(selected))).toList();
    }
}
